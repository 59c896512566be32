import { CliError } from "../../infra/cli.ts";

/** The CliError `run` throws (anything else is rethrown; no error fails the test). */
export function usageError(run: () => unknown): CliError {
  try {
    run();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error("expected a CliError");
}
