/** Reads and steers the local stand-ins of third-party services (test/standins/worker.js). */
export interface Received {
  method: string;
  path: string;
  contentType: string | null;
  body: string;
}

export async function received(host: string): Promise<Received[]> {
  return (await fetch(`https://standins.test/received?host=${host}`)).json();
}

export async function failNext(host: string, times: number): Promise<void> {
  await fetch(`https://standins.test/fail?host=${host}&times=${times}`);
}

export async function resetStandins(): Promise<void> {
  await fetch('https://standins.test/reset');
}
