// `causal-lens experiment layers`: how far the PAGs of layers and heads agree, and which layer's
// explanations flip the label at an equal budget.
import { parseArgs } from '../args';
import {
  analyseLayerHeads,
  layerHeadsMarkdown,
  summariseLayerHeads,
  type LayerHeadRecord,
} from '../../experiments/layerHeads';
import { writeResults } from '../../experiments/report';
import { failedNote, outDir, type Experiment } from './common';
import {
  loadStudyModel,
  REVIEW_STUDY_OPTIONS,
  reviewStudyConfig,
  runStudy,
  seedOption,
  studyDataText,
  studyItems,
  studyModelText,
} from './reviewStudy';

export const layersExperiment: Experiment = {
  summary: "PAG agreement between layers and heads, and which layer's explanations flip the label at equal budget",
  usage: `  layers [--dataset sst2|imdb] [--limit 60] [--model DIR|hub-id] [--data DIR|FILE] [--max-tokens 128] [--max-size 3] [--budget 200]
            [--seed 1] [--out results/] [--fresh]   (resumable; writes results/layers.md|json, layers-imdb.md|json for IMDB)`,
  async run(argv, command) {
    const p = parseArgs(argv, REVIEW_STUDY_OPTIONS);
    const c = { ...reviewStudyConfig(p, { dataset: 'sst2', limit: 60 }), seed: seedOption(p) };
    const dataset = c.dataset;
    const t0 = Date.now();
    const model = await loadStudyModel(p);
    try {
      const items = await studyItems(p, c, model.config.labels);
      const out = outDir(p);
      const { limit: _limit, ...keyed } = c;
      const key = { model: model.id, ...keyed, v: 2 };
      const { ok: records, failed } = await runStudy<LayerHeadRecord>(p, out, 'layers', key, items, async (it) =>
        analyseLayerHeads(model, it.id, await it.text(), {
          maxTokens: c.maxTokens,
          maxSize: c.maxSize,
          budget: c.budget,
          seed: c.seed,
        }),
      );
      const summary = summariseLayerHeads(records, { maxSize: c.maxSize, budget: c.budget, seed: 1 });
      const seconds = (Date.now() - t0) / 1000;
      const modelText = studyModelText(model);
      const data = studyDataText(c);
      const meanTokens = records.length ? records.reduce((a, r) => a + r.tokens, 0) / records.length : null;
      const md =
        layerHeadsMarkdown(summary, { command, seconds, model: modelText, data, meanTokens, failed: failed.length }) +
        failedNote(failed);
      // SST-2 keeps the name its first run was documented under; IMDB gets its own files beside it
      const files = writeResults(
        out,
        dataset === 'imdb' ? 'layers-imdb' : 'layers',
        { command, seconds, model: modelText, data, ...c, summary, failed, records },
        md,
      );
      process.stdout.write(md);
      process.stderr.write(`layers: wrote ${files.md} and ${files.json}\n`);
      return 0;
    } finally {
      await model.dispose();
    }
  },
};
