/**
 * Models, as Settings and the first run show them: the catalog and what is
 * installed, the download or switch running in the background
 * (models.progress events), the licence question, and the accelerator.
 */
import { ACCELERATORS as ALL_ACCELERATORS } from '../../../src-main/api/contract.js';
import { api, call } from '../api/client.js';
import { app } from './app.svelte.js';
import { i18n } from '../i18n/i18n.svelte.js';
import type { AcceleratorChoice, CatalogModel, ModelJobState, ModelList } from '../../../src-main/api/contract.js';

export const ACCELERATORS: readonly AcceleratorChoice[] = ALL_ACCELERATORS;

class ModelsStore {
  list = $state.raw<ModelList | null>(null);
  job = $state.raw<ModelJobState | null>(null);
  /** a model whose licence the user must accept before it downloads */
  licence = $state.raw<{ model: CatalogModel; use: boolean } | null>(null);
  busy = $state(false);

  running = $derived(this.job?.state === 'running');
  recommended = $derived(this.list?.catalog.find((m) => m.default) ?? null);
  /** the catalog model in use, if the one in use is from the catalog */
  active = $derived(this.list?.catalog.find((m) => m.active) ?? null);
  /**
   * The catalog model in use when it does not understand the window's language
   * (English-only with a Korean window), with the catalog's multilingual model
   * to recommend; null when there is nothing to warn about.
   */
  languageMismatch = $derived.by(() => {
    const m = this.active;
    const locale = i18n.locale;
    if (!m || locale === 'en' || understands(m, locale)) return null;
    const candidates = (this.list?.catalog ?? []).filter((c) => c.recommendedFor === 'multilingual' && understands(c, locale));
    const recommend = candidates.find((c) => c.installed === 'yes') ?? candidates.find((c) => c.pinned) ?? candidates[0] ?? null;
    return { model: m, recommend };
  });

  /** whether this window has seen a download or switch running (its end is news; an older end is not) */
  private sawRunning = false;

  init(): void {
    api.on('models.progress', (s) => {
      if (s.state === 'running') this.sawRunning = true;
      const was = this.job?.state;
      this.job = s;
      if (was === 'running' && s.state !== 'running') void app.guard(() => this.refresh());
    });
  }

  async refresh(): Promise<void> {
    const [list, job] = await Promise.all([call('models.list', {}), call('models.state', {})]);
    this.list = list;
    // A download stopped or finished before this window saw it is old news: "Stopped; the partial download
    // was deleted." must not greet the user on every start. Only what happens while the window is open is shown.
    const settled = job.state === 'cancelled' || job.state === 'done';
    this.job = settled && !this.sawRunning ? null : job;
  }

  /** Downloads a catalog model; asks for its licence first where the catalog says so. `use`: switch to it once installed. */
  async download(model: CatalogModel, use = false): Promise<void> {
    if (model.requiresLicenceAcceptance) {
      this.licence = { model, use };
      return;
    }
    await this.start(model.id, false, use);
  }

  async acceptLicence(): Promise<void> {
    const l = this.licence;
    this.licence = null;
    if (l) await this.start(l.model.id, true, l.use);
  }

  declineLicence(): void {
    this.licence = null;
  }

  private async start(id: string, acceptLicence: boolean, use: boolean): Promise<void> {
    const s = await app.guard(() => call('models.download', { id, acceptLicence, use }));
    if (s) {
      this.sawRunning = true;
      this.job = s;
    }
  }

  async use(id: string): Promise<void> {
    const s = await app.guard(() => call('models.use', { id }));
    if (s) {
      if (s.state === 'running') this.sawRunning = true;
      this.job = s;
    }
    await app.guard(async () => {
      await app.refreshStatus();
      await this.refresh();
    });
  }

  async pause(): Promise<void> {
    await app.guard(async () => this.settle(await call('models.pause', {})));
  }

  async cancel(): Promise<void> {
    await app.guard(async () => this.settle(await call('models.cancel', {})));
  }

  /**
   * A pause's or cancel's answer may say "running" (the job stops a moment later, and
   * 'models.progress' says so) and may arrive after that event: it must not bring the
   * running state back over the stopped one.
   */
  private settle(answer: ModelJobState): void {
    if (answer.state !== 'running') this.job = answer;
  }

  /** Starts the stopped download or switch again; it continues where it stopped. */
  async resume(): Promise<void> {
    const j = this.job;
    if (!j?.id) return;
    if (j.kind === 'switch') await this.use(j.id);
    else {
      const model = this.list?.catalog.find((m) => m.id === j.id);
      if (model) await this.start(model.id, model.requiresLicenceAcceptance, false);
    }
  }

  async remove(id: string): Promise<void> {
    await app.guard(async () => (this.list = await call('models.remove', { id })));
  }

  async importFolder(path: string): Promise<boolean> {
    this.busy = true;
    const r = await app.guard(async () => (this.list = await call('models.import', { path })));
    this.busy = false;
    return r !== undefined;
  }

  async setAccelerator(accelerator: AcceleratorChoice): Promise<void> {
    this.busy = true;
    await app.guard(async () => (app.status = await call('app.setAccelerator', { accelerator })));
    this.busy = false;
  }
}

export const models = new ModelsStore();

/** Whether a model understands searches and folder descriptions in `locale`. */
export function understands(m: CatalogModel, locale: string): boolean {
  return m.languages.includes('multilingual') || m.languages.includes(locale);
}

/** A catalog model's user-facing text (name, description, licence name and summary) in the window's language, English where it has none. */
export function modelText(m: CatalogModel): { name: string; description: string; licenceName: string; licenceSummary: string | undefined } {
  const local = m.text?.[i18n.locale] ?? {};
  return {
    name: local.name ?? m.name,
    description: local.description ?? m.description,
    licenceName: local.licenceName ?? m.licence.name,
    licenceSummary: local.licenceSummary ?? m.licence.summary,
  };
}
