/**
 * Preloaded into a `director` process by test/cli/cli-light-commands.test.ts (`node --import tsx --import
 * <this file>`): when the process exits, writes the names of the npm packages it loaded (every module in
 * `require.cache` under a `node_modules` folder) to the file named by `DIRECTOR_TEST_LOADED_PACKAGES`.
 */
import { writeFileSync } from 'node:fs';

const target = process.env.DIRECTOR_TEST_LOADED_PACKAGES;

/** The package a module file belongs to: the last `node_modules/<name>` or `node_modules/@scope/<name>`. */
function packageOf(file: string): string | undefined {
  const matches = file.match(/node_modules[\\/](@[^\\/]+[\\/][^\\/]+|[^\\/]+)/g);
  return matches
    ?.at(-1)
    ?.replace(/^node_modules[\\/]/, '')
    .replace(/\\/g, '/');
}

if (target) {
  process.on('exit', () => {
    const packages = new Set<string>();
    for (const file of Object.keys(require.cache)) {
      const name = packageOf(file);
      if (name) packages.add(name);
    }
    writeFileSync(target, JSON.stringify([...packages].sort()));
  });
}
