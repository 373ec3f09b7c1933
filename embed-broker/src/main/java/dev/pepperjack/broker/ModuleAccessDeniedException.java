package dev.pepperjack.broker;

/** A page asked for a module whose manifest does not list the page's origin. */
public final class ModuleAccessDeniedException extends SecurityException {
  private final String module;
  private final String origin;

  public ModuleAccessDeniedException(String module, String origin) {
    super("origin " + origin + " may not load module '" + module + "'");
    this.module = module;
    this.origin = origin;
  }

  public String module() {
    return module;
  }

  public String origin() {
    return origin;
  }
}
