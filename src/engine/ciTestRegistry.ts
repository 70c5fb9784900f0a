// Conditional-independence tests by name (as causal-learn registers its CI tests): learnPag, the PAG
// worker, the `causalLens.ciTest` setting and the CLI's --ci-test choose one with plain data
// {name, options}, which crosses a worker boundary where a test object cannot. Library callers may
// also pass a CiTest object to learnPag directly (as causality-lab passes its test object in).
import { ParCorrTest } from './ciTest';
import { EngineInputError } from './errors';
import { StudentTParCorrTest } from './studentTTest';
import type { CiTest } from './types';

/** Option values a test may take: plain data only (structured-cloneable, JSON). */
export type CiTestOptionValue = number | string | boolean;

/** A CI test chosen by name. */
export interface CiTestSpec {
  name: string;
  /** The test's own options (each test lists the ones it takes); samples and alpha are learnPag's. */
  options?: Readonly<Record<string, CiTestOptionValue>>;
}

/** What a test is built with: the learner's sample size and threshold, and the spec's own options. */
export interface CiTestSettings {
  samples: number;
  alpha: number;
  options: Readonly<Record<string, CiTestOptionValue>>;
}

export interface CiTestFactory {
  name: string;
  /** One line for the setting's description and the CLI's usage. */
  description: string;
  /** The option names `create` reads from `settings.options`; any other is refused. */
  options: readonly string[];
  create(corr: readonly (readonly number[])[], settings: CiTestSettings): CiTest;
}

/** The reference's test (CondIndepParCorr), and the default everywhere. */
export const DEFAULT_CI_TEST = 'fisher-z';

const registry = new Map<string, CiTestFactory>();

function registerCiTest(factory: CiTestFactory): void {
  if (registry.has(factory.name)) throw new Error(`CI test "${factory.name}" is registered twice`);
  registry.set(factory.name, factory);
}

// One line per test. Register here (not at run time elsewhere): the PAG worker thread loads this
// module on its own, so a test registered only in the caller's thread would be unknown there.
registerCiTest({
  name: 'fisher-z',
  description: "partial correlation, Fisher's z (the reference's CondIndepParCorr)",
  options: [],
  create: (corr, s) => new ParCorrTest(corr, { samples: s.samples, alpha: s.alpha }),
});
registerCiTest({
  name: 'student-t',
  description: "partial correlation, Student's t, n − |S| − 2 dof (exact for Gaussian data)",
  options: [],
  create: (corr, s) => new StudentTParCorrTest(corr, { samples: s.samples, alpha: s.alpha }),
});

/** The registered tests' names, the default first. */
export function ciTestNames(): string[] {
  return [...registry.keys()];
}

export function ciTestDescriptions(): { name: string; description: string }[] {
  return [...registry.values()].map(({ name, description }) => ({ name, description }));
}

const known = (): string => `known: ${ciTestNames().join(', ')}`;

/** `spec` as a CiTestSpec naming a registered test with options it takes, or an EngineInputError saying what is wrong. */
export function checkCiTestSpec(spec: unknown): CiTestSpec {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec))
    throw new EngineInputError(`the CI test must be {name, options?}, got ${JSON.stringify(spec)} (${known()})`);
  const { name, options } = spec as { name?: unknown; options?: unknown };
  if (typeof name !== 'string') throw new EngineInputError(`the CI test's name must be a string (${known()})`);
  const factory = registry.get(name);
  if (!factory) throw new EngineInputError(`unknown CI test ${JSON.stringify(name)} (${known()})`);
  if (options === undefined) return { name };
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new EngineInputError(`the CI test's options must be an object, got ${JSON.stringify(options)}`);
  for (const [key, value] of Object.entries(options)) {
    if (!factory.options.includes(key)) {
      const takes = factory.options.length ? factory.options.join(', ') : 'none';
      throw new EngineInputError(`CI test "${name}" has no option "${key}" (its options: ${takes})`);
    }
    if (!['number', 'string', 'boolean'].includes(typeof value))
      throw new EngineInputError(`CI test option "${key}" must be a number, string or boolean`);
  }
  return { name, options: { ...(options as Record<string, CiTestOptionValue>) } };
}

/** Build the named test over a correlation matrix. */
export function createCiTest(
  corr: readonly (readonly number[])[],
  spec: CiTestSpec,
  numbers: { samples: number; alpha: number },
): CiTest {
  const checked = checkCiTestSpec(spec);
  const factory = registry.get(checked.name) as CiTestFactory;
  return factory.create(corr, { ...numbers, options: checked.options ?? {} });
}

/** true for a test object (library callers), false for a spec by name. */
export function isCiTestObject(x: CiTestSpec | CiTest): x is CiTest {
  return typeof (x as Partial<CiTest>).independent === 'function';
}
