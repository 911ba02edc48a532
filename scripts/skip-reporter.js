// A node:test reporter that writes one JSON line per skipped or todo test (its file, name and reason),
// so scripts/run-tests.js can list them after the run: a skipped test never passes silently.
export default async function* skipReporter(source) {
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { skip, todo, name, file } = event.data;
    if (skip === undefined && todo === undefined) continue;
    const kind = skip !== undefined ? 'skipped' : 'todo';
    // a todo test runs: say whether it still fails (the known problem is there) or now passes
    const passed = kind === 'todo' && event.type === 'test:pass';
    yield JSON.stringify({ file, name, kind, passed, reason: typeof (skip ?? todo) === 'string' ? (skip ?? todo) : '' }) + '\n';
  }
}
