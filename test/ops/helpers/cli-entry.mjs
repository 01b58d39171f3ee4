// The built CLI (dist/), with `schedule` registered even where program.ts does not wire it yet: the fault
// drills and the soak run the scheduler as a real process and send it real signals. Mirrors dist/cli/main.js.
process.env.DOTENV_CONFIG_QUIET ??= "true";

const { CommanderError } = await import("commander");
const { buildProgram } = await import("../../../dist/cli/program.js");
const { registerSchedule } = await import("../../../dist/cli/commands/schedule.js");
const { describeError, EXIT_FAILED, EXIT_USAGE, YeoronError } = await import("../../../dist/shared/errors.js");

const program = buildProgram();
if (!program.commands.some((c) => c.name() === "schedule")) {
  registerSchedule(program);
  for (const cmd of program.commands) cmd.exitOverride();
}
try {
  await program.parseAsync(process.argv);
  process.exitCode = 0;
} catch (err) {
  if (err instanceof CommanderError) process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
  else {
    process.stderr.write(`yeoron: ${describeError(err, process.argv.includes("--verbose"))}\n`);
    process.exitCode = err instanceof YeoronError ? err.exitCode : EXIT_FAILED;
  }
}
