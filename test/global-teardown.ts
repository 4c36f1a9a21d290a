export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as { __E2E__?: { stop: Array<() => Promise<void> | void> } }).__E2E__;
  for (const stop of (state?.stop ?? []).reverse()) await stop();
}
