#!/usr/bin/env node
// natural's storage backends print dotenv banners to stdout on import (DESIGN §9); keep stdout clean.
process.env.DOTENV_CONFIG_QUIET ??= "true";

const { main } = await import("./program.js");
process.exitCode = await main(process.argv);
