import path from 'node:path';

/**
 * The folder the user typed the command in. `npm run director -- …` runs the CLI in the project's root
 * whatever folder it was typed in, and records that folder in INIT_CWD; a path the user typed means a path
 * from there. Outside npm (INIT_CWD unset, or not npm running this script) it is the working directory.
 */
export function userDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const npmStarted = env.npm_lifecycle_event !== undefined && env.INIT_CWD;
  return npmStarted ? path.resolve(env.INIT_CWD as string) : process.cwd();
}

/** A path the user typed, made absolute from the folder they typed it in (see `userDirectory`). */
export function userPath(typed: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(userDirectory(env), typed);
}
