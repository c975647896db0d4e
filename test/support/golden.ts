/**
 * Golden files: rendered feeds kept in test/golden/ and compared byte for byte, so that any change to what a renderer
 * writes shows up as a diff in review. `npm run golden:update` rewrites them (vitest's `-u`); a missing file is
 * written on a local run and fails under CI, as vitest does for any snapshot.
 */
import { expect } from 'vitest';

const goldens = import.meta.glob<string>('../golden/*', { query: '?raw', import: 'default', eager: true });

/** `fatal`: output that is not valid UTF-8 fails here instead of turning into U+FFFD on the way to the comparison. */
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Asserts that `bytes` are exactly test/golden/`name`. The comparison is of the file as read and the bytes as
 * decoded, without vitest's snapshot handling, which normalises CRLF line ends (a CR kept raw in a CDATA section is
 * part of the output); the snapshot matcher only writes the file when updating.
 */
export async function expectGolden(name: string, bytes: Uint8Array): Promise<void> {
  const text = decoder.decode(bytes);
  const golden = goldens[`../golden/${name}`];
  if (golden === undefined || expect.getState().snapshotState.snapshotUpdateState === 'all') {
    await expect(text).toMatchFileSnapshot(`../golden/${name}`);
    return;
  }
  expect(text, `test/golden/${name} differs; run npm run golden:update if the change is intended`).toBe(golden);
}
