/** The library opened as the app opens it (ShoeboxApp over a LibraryContext) for one piece of work, then closed. */
import { closeLibrary, openLibrary } from '../../src-main/core/context.js';
import { ShoeboxApp } from '../../src-main/app/shoebox-app.js';

export async function withApp<T>(library: string, fn: (app: ShoeboxApp) => Promise<T>): Promise<T> {
  const ctx = openLibrary(library);
  const app = new ShoeboxApp(ctx);
  try {
    return await fn(app);
  } finally {
    await app.close();
    closeLibrary(ctx);
  }
}
