// tsconfig.engine.json maps 'vscode' to this file: it enters the engine's type-check only when some
// file under src/engine imports 'vscode', and then fails it on purpose (the engine is pure TypeScript,
// usable from the CLI and tests; only src/extension may use the VS Code API).
export const srcEngineMustNotImportVscode: 'see tsconfig.engine.json' = 'an engine file imports vscode';
