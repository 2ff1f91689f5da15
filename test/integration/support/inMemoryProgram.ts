import { dirname } from 'node:path';
import ts from 'typescript';

export interface Finding {
  /** The file as given in `virtualFiles` (or on disk). */
  file: string;
  /** 1-based, within the file. */
  line: number;
  column: number;
  code: number;
  message: string;
}

/** Reads a tsconfig the way `tsc -p` does (following `extends`) and fails loudly on config errors. */
export function readCompilerOptions(tsconfigPath: string): ts.ParsedCommandLine {
  const read = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  if (read.error) throw new Error(`${tsconfigPath}: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')}`);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(tsconfigPath), undefined, tsconfigPath);
  if (parsed.errors.length > 0) {
    throw new Error(
      `${tsconfigPath}: ${parsed.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n')}`,
    );
  }
  return parsed;
}

/**
 * Type-checks `virtualFiles` (absolute path → text, never written to disk) together with `extraRoots` from disk,
 * under `options`. Returns the diagnostics of each virtual file, plus global/options diagnostics under `file: ''`.
 */
export function checkInMemory(
  virtualFiles: ReadonlyMap<string, string>,
  options: ts.CompilerOptions,
  extraRoots: readonly string[] = [],
): Map<string, Finding[]> {
  const host = ts.createCompilerHost(options, true);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => virtualFiles.get(name) ?? readFile(name);
  host.fileExists = (name) => virtualFiles.has(name) || fileExists(name);
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) => {
    const text = virtualFiles.get(name);
    if (text !== undefined) return ts.createSourceFile(name, text, languageVersion, true);
    return getSourceFile(name, languageVersion, onError, shouldCreate);
  };
  host.writeFile = () => {
    throw new Error('checkInMemory never emits');
  };

  const program = ts.createProgram({ rootNames: [...extraRoots, ...virtualFiles.keys()], options, host });
  const findings = new Map<string, Finding[]>([
    ['', program.getOptionsDiagnostics().concat(program.getGlobalDiagnostics()).map(toFinding)],
  ]);
  for (const name of virtualFiles.keys()) {
    const source = program.getSourceFile(name);
    if (!source) throw new Error(`checkInMemory: ${name} is not in the program`);
    findings.set(
      name,
      [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map(toFinding),
    );
  }
  return findings;
}

function toFinding(d: ts.Diagnostic): Finding {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  if (!d.file || d.start === undefined) return { file: '', line: 0, column: 0, code: d.code, message };
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return { file: d.file.fileName, line: line + 1, column: character + 1, code: d.code, message };
}
