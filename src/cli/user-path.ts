import path from 'node:path';

/**
 * The folder the user typed the command in. `npm run director -- …` runs the CLI in the project's root
 * (npm's local prefix) whatever folder it was typed in, and records that folder in INIT_CWD: a path the
 * user typed means a path from there. Anywhere else (no npm, or a process npm did not move to the
 * project's root) it is the working directory.
 */
export function userDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const cwd = process.cwd();
  const movedByNpm =
    env.INIT_CWD !== undefined &&
    env.npm_config_local_prefix !== undefined &&
    path.resolve(env.npm_config_local_prefix) === cwd;
  return movedByNpm ? path.resolve(env.INIT_CWD as string) : cwd;
}

/** A path the user typed, made absolute from the folder they typed it in (see `userDirectory`). */
export function userPath(typed: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(userDirectory(env), typed);
}
