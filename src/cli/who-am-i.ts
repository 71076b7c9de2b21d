import os from 'node:os';

/** Who is at the keyboard, recorded with a cancel or an approval decision; `cli` when unknown. */
export function whoAmI(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.USER ?? env.USERNAME;
  if (fromEnv) return fromEnv;
  try {
    return os.userInfo().username;
  } catch {
    return 'cli'; // a container user without a passwd entry has no name
  }
}
