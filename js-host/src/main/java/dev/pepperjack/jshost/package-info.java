/**
 * Script modules in GraalJS: {@link dev.pepperjack.jshost.JsModuleHost} runs one module in a
 * sandboxed context on the shared {@link dev.pepperjack.jshost.JsEngine};
 * {@link dev.pepperjack.jshost.JsModuleHostFactory} registers the GRAALJS kind with the shell.
 */
package dev.pepperjack.jshost;
