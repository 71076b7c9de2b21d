import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const ROOT = path.resolve(__dirname, '../..');
const DIRECTOR = 'src/workflows/product-director.ts';

/** The rule ids and messages ESLint reports for a Director file with `extra` appended to it. */
async function lintDirectorWith(extra: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const source = await readFile(path.join(ROOT, DIRECTOR), 'utf8');
  const [result] = await eslint.lintText(`${source}\n${extra}\n`, { filePath: path.join(ROOT, DIRECTOR) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

describe('the workflow lint fence', () => {
  it('refuses a bare Promise.all over steps in workflow code, but not in an undo body', async () => {
    const messages = await lintDirectorWith(
      [
        'export const bare = () => Promise.all([Promise.resolve(1), Promise.resolve(2)]);',
        'export const raced = () => Promise.race([Promise.resolve(1)]);',
        "export const undoBody = { undo: { name: 'x', run: () => Promise.all([Promise.resolve(1)]) } };",
        'export const settled = () => settleAll([Promise.resolve(1)]);',
      ].join('\n'),
    );
    const refused = messages.filter((m) => m.startsWith('no-restricted-syntax'));
    assert.equal(refused.length, 2, messages.join('\n'));
    assert.match(refused[0] ?? '', /settleAll/);
  });

  it('refuses activity proxies and message definitions made outside their one module', async () => {
    const messages = await lintDirectorWith(
      "import { defineSignal, proxyActivities } from '@temporalio/workflow';\nexport const x = [defineSignal, proxyActivities];",
    );
    const refused = messages.filter((m) => m.startsWith('no-restricted-imports'));
    assert.equal(refused.length, 2, messages.join('\n'));
    assert.ok(refused.every((m) => /activity-proxies|shared\/messages/.test(m)));
  });
});
