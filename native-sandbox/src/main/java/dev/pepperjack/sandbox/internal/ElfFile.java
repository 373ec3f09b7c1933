package dev.pepperjack.sandbox.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Just enough of an ELF file to vet a module before loading it: header, machine, type and the
 * dynamic symbol table. Every offset read from the file is bounds-checked: the file is untrusted.
 */
public final class ElfFile {
  private static final int EM_X86_64 = 62;
  private static final int ET_DYN = 3;
  private static final int SHT_DYNSYM = 11;
  private static final int STT_FUNC = 2;
  private static final int STT_OBJECT = 1;

  private final ByteBuffer buf;
  private final int elfClass;
  private final int type;
  private final int machine;
  private final Map<String, Symbol> exported = new HashMap<>();
  private long[][] sections; // {addr, offset, size} per section

  private record Symbol(int kind, int section, long value, long size) {}

  /** Not an ELF file at all. */
  public static final class NotElfException extends Exception {
    NotElfException(String message) {
      super(message);
    }
  }

  /** An ELF file whose structures point outside the file or contradict each other. */
  public static final class MalformedException extends Exception {
    MalformedException(String message) {
      super(message);
    }
  }

  private ElfFile(ByteBuffer buf, int elfClass, int type, int machine) {
    this.buf = buf;
    this.elfClass = elfClass;
    this.type = type;
    this.machine = machine;
  }

  public static ElfFile parse(byte[] bytes) throws NotElfException, MalformedException {
    if (bytes.length < 20 || bytes[0] != 0x7f || bytes[1] != 'E' || bytes[2] != 'L' || bytes[3] != 'F') {
      throw new NotElfException("no ELF magic (7f 45 4c 46) at the start");
    }
    int elfClass = bytes[4];
    if (bytes[5] != 1 && bytes[5] != 2) {
      throw new MalformedException("unknown byte order " + bytes[5]);
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes)
        .order(bytes[5] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    ElfFile elf = new ElfFile(buf, elfClass, buf.getShort(16) & 0xffff, buf.getShort(18) & 0xffff);
    // Only 64-bit little-endian x86-64 files need their symbols read; others are refused by machine.
    if (elfClass == 2 && bytes[5] == 1 && elf.machine == EM_X86_64) {
      elf.readSymbols();
    }
    return elf;
  }

  public boolean isX86_64() {
    return machine == EM_X86_64 && elfClass == 2 && buf.order() == ByteOrder.LITTLE_ENDIAN;
  }

  public boolean isSharedObject() {
    return type == ET_DYN;
  }

  public int type() {
    return type;
  }

  public String machineName() {
    String name = switch (machine) {
      case 3 -> "x86 (32-bit)";
      case 40 -> "ARM (32-bit)";
      case 62 -> elfClass == 1 ? "x86-64 in a 32-bit ELF (x32)" : "x86-64";
      case 183 -> "AArch64";
      case 243 -> "RISC-V";
      case 8 -> "MIPS";
      case 20 -> "PowerPC";
      case 21 -> "PowerPC64";
      default -> "machine " + machine;
    };
    return name + " (e_machine " + machine + ")";
  }

  public boolean exportsFunction(String name) {
    Symbol s = exported.get(name);
    return s != null && s.kind() == STT_FUNC;
  }

  /** The 32-bit value of an exported data object, or null when there is no such symbol. */
  public Integer readExportedU32(String name) throws MalformedException {
    Symbol s = exported.get(name);
    if (s == null || s.kind() != STT_OBJECT) {
      return null;
    }
    if (s.size() != 4 || s.section() <= 0 || s.section() >= sections.length) {
      throw new MalformedException(name + " is not a 4-byte object in a section");
    }
    long[] sec = sections[s.section()];
    long offset = sec[1] + (s.value() - sec[0]);
    if (s.value() < sec[0] || s.value() + 4 > sec[0] + sec[2]) {
      throw new MalformedException(name + " lies outside its section");
    }
    return buf.getInt(checked(offset, 4));
  }

  private void readSymbols() throws MalformedException {
    long shoff = buf.getLong(checked(40, 8));
    int shentsize = buf.getShort(checked(58, 2)) & 0xffff;
    int shnum = buf.getShort(checked(60, 2)) & 0xffff;
    if (shoff == 0 || shnum == 0) {
      throw new MalformedException("no section headers");
    }
    if (shentsize != 64) {
      throw new MalformedException("section header size " + shentsize + ", expected 64");
    }
    sections = new long[shnum][];
    int dynsym = -1;
    for (int i = 0; i < shnum; i++) {
      int at = checked(shoff + (long) i * 64, 64);
      sections[i] = new long[] {buf.getLong(at + 16), buf.getLong(at + 24), buf.getLong(at + 32),
          buf.getInt(at + 4), buf.getInt(at + 40) & 0xffffffffL, buf.getLong(at + 56)};
      if (buf.getInt(at + 4) == SHT_DYNSYM) {
        dynsym = i;
      }
    }
    if (dynsym < 0) {
      return; // exports nothing
    }
    long[] sym = sections[dynsym];
    int link = (int) sym[4];
    if (link <= 0 || link >= shnum || sym[5] != 24) {
      throw new MalformedException("bad .dynsym header");
    }
    long[] str = sections[link];
    checked(str[1], str[2]);
    long count = sym[2] / 24;
    for (long i = 1; i < count; i++) {
      int at = checked(sym[1] + i * 24, 24);
      int info = buf.get(at + 4) & 0xff;
      int binding = info >> 4;
      int section = buf.getShort(at + 6) & 0xffff;
      if ((binding != 1 && binding != 2) || section == 0) {
        continue; // local or undefined: not an export
      }
      long nameOffset = buf.getInt(at) & 0xffffffffL;
      exported.put(string(str, nameOffset), new Symbol(info & 0xf, section, buf.getLong(at + 8),
          buf.getLong(at + 16)));
    }
  }

  private String string(long[] strtab, long offset) throws MalformedException {
    if (offset >= strtab[2]) {
      throw new MalformedException("symbol name outside .dynstr");
    }
    int start = checked(strtab[1] + offset, 1);
    int end = start;
    int limit = (int) Math.min(buf.capacity(), strtab[1] + strtab[2]);
    while (end < limit && buf.get(end) != 0) {
      end++;
    }
    if (end == limit) {
      throw new MalformedException("unterminated symbol name");
    }
    byte[] name = new byte[end - start];
    buf.get(start, name);
    return new String(name, StandardCharsets.UTF_8);
  }

  private int checked(long offset, long length) throws MalformedException {
    if (offset < 0 || length < 0 || offset > buf.capacity() - length) {
      throw new MalformedException("offset " + offset + " + " + length + " outside the file ("
          + buf.capacity() + " bytes)");
    }
    return (int) offset;
  }
}
