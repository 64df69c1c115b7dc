// Named checks of a browser test: each runs, its outcome is printed, and the
// summary line and exit code say how many failed.
export function createChecks() {
  const results = [];
  return {
    results,
    async check(name, fn) {
      try {
        await fn();
        results.push({ name, ok: true });
        console.log(`  ok   ${name}`);
      } catch (error) {
        results.push({ name, ok: false });
        console.log(`  FAIL ${name}\n       ${String(error.message).split('\n')[0]}`);
      }
    },
    fail(name, error) {
      results.push({ name, ok: false });
      console.log(`  FAIL ${name}: ${error.message}`);
    },
    get failed() {
      return results.filter(r => !r.ok).length;
    },
    summary(label) {
      const failed = this.failed;
      console.log(`\n${label}: ${results.length - failed} passed, ${failed} failed`);
      return failed ? 1 : 0;
    },
  };
}
