package dev.pepperjack.shell.internal;

/** The page shown instead of a page that failed to load. */
public final class ErrorPage {
  private ErrorPage() {}

  public static String html(String url, String why) {
    return "<!doctype html><html><head><meta charset='utf-8'><title>Cannot open page</title>"
        + "<style>body{font:15px sans-serif;margin:3em;color:#333}h1{color:#a00;font-size:22px}"
        + "code{background:#f3f3f3;padding:2px 4px}</style></head><body>"
        + "<h1 id='pj-error'>This page could not be opened</h1>"
        + "<p>Address: <code id='pj-error-url'>" + escape(url) + "</code></p>"
        + "<p>Reason: <span id='pj-error-reason'>" + escape(why) + "</span></p>"
        + "<p>Check the address, or press F5 to try again.</p></body></html>";
  }

  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
