#!/usr/bin/env node
// natural's storage backends print dotenv banners to stdout on import (DESIGN §9); keep stdout clean.
process.env.DOTENV_CONFIG_QUIET ??= "true";

// `yeoron sql … | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

const { main } = await import("./program.js");
process.exitCode = await main(process.argv);
