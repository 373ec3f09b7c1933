package dev.pepperjack.sandbox;

import dev.pepperjack.sandbox.internal.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a sandbox process may do: a seccomp allow-list and resource limits, read from a small text
 * file ({@code sandbox-policy.txt} in this package is the default; its header explains the syntax).
 * Keeping the policy as data lets a reviewer read every decision in one place.
 *
 * @param text the policy as written, handed unchanged to the sandbox process
 * @param defaultAction what unlisted system calls get
 * @param rules one per listed system call, in file order
 * @param limits rlimits by name ({@code address_space}, {@code file_size}, {@code open_files},
 *     {@code cpu_seconds}, {@code core_size})
 */
public record SandboxPolicy(String text, Action defaultAction, List<Rule> rules, Map<String, Limit> limits) {
  public static final String DEFAULT_RESOURCE = "sandbox-policy.txt";

  public SandboxPolicy {
    rules = List.copyOf(rules);
    limits = Collections.unmodifiableMap(new LinkedHashMap<>(limits));
  }

  /** What the filter does with a system call. */
  public sealed interface Action {
    record Allow() implements Action {}

    record Errno(String name, int value) implements Action {}

    record Kill() implements Action {}
  }

  /** A condition on one 64-bit argument; {@code PID} in {@code values} stands for the sandbox's pid. */
  public sealed interface Condition {
    int argument();

    record HasBits(int argument, long mask) implements Condition {}

    record OneOf(int argument, List<Long> values) implements Condition {
      public OneOf {
        values = List.copyOf(values);
      }
    }
  }

  /** Placeholder for the sandbox's own pid in a {@link Condition.OneOf}. */
  public static final long PID = Long.MIN_VALUE;

  /** One system call's decision: {@code action} when {@code condition} (if any) holds. */
  public record Rule(String syscall, int number, Action action, Condition condition) {}

  /**
   * A resource limit.
   *
   * @param aboveCurrent the value is added to what the process uses when the limit is applied
   */
  public record Limit(String name, long value, boolean aboveCurrent) {}

  /** The policy that ships with Pepperjack. */
  public static SandboxPolicy defaultPolicy() {
    try (InputStream in = SandboxPolicy.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses a policy text.
   *
   * @throws PolicyException naming the first bad line
   */
  public static SandboxPolicy parse(String text) {
    Action defaultAction = null;
    List<Rule> rules = new ArrayList<>();
    Map<String, Rule> bySyscall = new LinkedHashMap<>();
    Map<String, Limit> limits = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int hash = line.indexOf('#');
      String[] words = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
      if (words.length == 1 && words[0].isEmpty()) {
        continue;
      }
      int lineNo = i + 1;
      switch (words[0]) {
        case "default" -> {
          if (words.length < 2) {
            throw bad(lineNo, "'default' needs an action");
          }
          defaultAction = action(lineNo, words, 1);
        }
        case "limit" -> {
          if (words.length != 3) {
            throw bad(lineNo, "'limit' needs a name and a value");
          }
          limits.put(words[1], limit(lineNo, words[1], words[2]));
        }
        case "allow", "errno", "kill" -> {
          Action action = action(lineNo, words, 0);
          int at = action instanceof Action.Errno ? 2 : 1;
          Condition condition = null;
          List<String> names = new ArrayList<>();
          for (; at < words.length; at++) {
            if (words[at].equals("if")) {
              condition = condition(lineNo, words, at + 1);
              break;
            }
            names.add(words[at]);
          }
          if (names.isEmpty()) {
            throw bad(lineNo, "no system call named");
          }
          for (String name : names) {
            int number = Syscalls.number(name);
            if (number < 0) {
              throw bad(lineNo, "unknown system call '" + name + "'");
            }
            Rule rule = new Rule(name, number, action, condition);
            if (bySyscall.putIfAbsent(name, rule) != null) {
              throw bad(lineNo, "'" + name + "' is listed twice");
            }
            rules.add(rule);
          }
        }
        default -> throw bad(lineNo, "unknown word '" + words[0] + "'");
      }
    }
    if (defaultAction == null) {
      throw new PolicyException("policy: no 'default' line");
    }
    return new SandboxPolicy(text, defaultAction, rules, limits);
  }

  private static Action action(int line, String[] words, int at) {
    return switch (words[at]) {
      case "allow" -> new Action.Allow();
      case "kill" -> new Action.Kill();
      case "errno" -> {
        if (words.length <= at + 1) {
          throw bad(line, "'errno' needs a name such as EPERM");
        }
        int value = Syscalls.errno(words[at + 1]);
        if (value < 0) {
          throw bad(line, "unknown errno '" + words[at + 1] + "'");
        }
        yield new Action.Errno(words[at + 1], value);
      }
      default -> throw bad(line, "unknown action '" + words[at] + "'");
    };
  }

  private static Condition condition(int line, String[] words, int at) {
    if (words.length < at + 3 || !words[at].matches("arg[0-5]")) {
      throw bad(line, "a condition reads 'argN has MASK' or 'argN in V...'");
    }
    int argument = words[at].charAt(3) - '0';
    switch (words[at + 1]) {
      case "has" -> {
        long mask = number(line, words[at + 2]);
        if (words.length != at + 3 || mask == 0 || (mask >>> 32) != 0) {
          throw bad(line, "'has' takes one non-zero 32-bit mask");
        }
        return new Condition.HasBits(argument, mask);
      }
      case "in" -> {
        List<Long> values = new ArrayList<>();
        for (int k = at + 2; k < words.length; k++) {
          values.add(words[k].equals("$pid") ? PID : number(line, words[k]));
        }
        return new Condition.OneOf(argument, values);
      }
      default -> throw bad(line, "unknown condition '" + words[at + 1] + "'");
    }
  }

  private static Limit limit(int line, String name, String value) {
    if (!List.of("address_space", "file_size", "open_files", "cpu_seconds", "core_size").contains(name)) {
      throw bad(line, "unknown limit '" + name + "'");
    }
    boolean above = value.startsWith("+");
    String digits = (above ? value.substring(1) : value).toLowerCase(Locale.ROOT);
    long scale = switch (digits.isEmpty() ? ' ' : digits.charAt(digits.length() - 1)) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      default -> 1;
    };
    if (scale != 1) {
      digits = digits.substring(0, digits.length() - 1);
    }
    long n = number(line, digits);
    if (n < 0 || n > Long.MAX_VALUE / scale) {
      throw bad(line, "limit value '" + value + "' out of range");
    }
    return new Limit(name, n * scale, above);
  }

  private static long number(int line, String word) {
    try {
      return word.startsWith("0x") ? Long.parseUnsignedLong(word.substring(2), 16) : Long.parseLong(word);
    } catch (NumberFormatException e) {
      throw bad(line, "'" + word + "' is not a number");
    }
  }

  private static PolicyException bad(int line, String what) {
    return new PolicyException("policy line " + line + ": " + what);
  }
}
