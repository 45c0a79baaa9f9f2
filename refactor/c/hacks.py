"""Kernel heuristics: decide what each identifier is, with no preprocessor to ask.

C cannot be parsed without knowing which names are types, and kernel C adds macros that stand
where the grammar expects attributes, loop heads, statements or declarations. Before parsing,
every IDENT token is re-tagged by looking at its neighbours:

- TYPEDEF_NAME: declared by a `typedef` seen in the file, a well-known kernel or C type
  (`u32`, `size_t`), a `*_t` name, or used where only a type can stand: `foo bar`,
  `foo *bar;` at the start of a declaration, `(foo)x`, `(foo *)`, after `static`/`const`.
- ATTR / ATTR_FN: attribute-like macros (`__init`, `__user`, `__printf(1, 2)`): a known list,
  plus `__word` names standing between a type and a declarator.
- ITERATOR: a macro call that heads a statement and is followed by a statement, not `;`
  (`list_for_each_entry(pos, head, member) {`).
- MACRO_STMT: a statement macro with no trailing `;`, followed by more code on a later line.
- DECL_MACRO: a macro call where a declaration starts and no type was given
  (`EXPORT_SYMBOL(f);`, `static DEFINE_MUTEX(m);`, `SYSCALL_DEFINE3(...) {`).
- STRING_MACRO: a macro glued to a string literal (`KERN_INFO "..."`, `"%" PRIu64`).

Each rule is a guess a reviewer would make too; when one is wrong the definition fails to parse
and is reported, never silently misread as something else of the same shape.
"""
from __future__ import annotations

import re

from refactor.c.lexer import Token

KNOWN_TYPES = frozenset(
    (
        "u8 u16 u32 u64 s8 s16 s32 s64 __u8 __u16 __u32 __u64 __s8 __s16 __s32 __s64 "
        "__le16 __le32 __le64 __be16 __be32 __be64 __sum16 __wsum __poll_t bool "
        "va_list __builtin_va_list uint int8 uchar ushort ulong u_char u_short u_int u_long "
        "phys_addr_t dma_addr_t resource_size_t"
    ).split()
)

# Attribute-like macros of the kernel (include/linux/compiler*.h, init.h, cache.h, ...).
KNOWN_ATTRS = frozenset(
    (
        # sections (init.h and friends)
        "__init __exit __initdata __exitdata __initconst __exitconst __devinit __devexit "
        "__devinitdata __cpuinit __cpuinitdata __meminit __meminitdata __meminitconst "
        "__init_memblock __initdata_memblock __ref __refdata __refconst __init_or_module "
        "__net_init __net_exit __net_initdata __head __nosavedata __init_or_acpilib "
        "__initdata_or_meminfo __read_mostly __ro_after_init __lsm_ro_after_init "
        "__page_aligned_data __page_aligned_bss __cacheline_aligned __cacheline_aligned_in_smp "
        "____cacheline_aligned ____cacheline_aligned_in_smp ____cacheline_internodealigned_in_smp "
        "__cacheline_internodealigned_in_smp __irq_entry __softirq_entry __cpuidle __sched "
        "__lockfunc __kprobes noinstr __noinstr_section const_debug "
        # sparse annotations
        "__user __kernel __iomem __percpu __rcu __force __bitwise __private __safe __nocast "
        # compiler attributes
        "__must_check __always_inline __always_unused __maybe_unused __used __cold __hot "
        "__pure __noreturn __packed __weak __visible __noclone __flatten __naked __deprecated "
        "__malloc __attribute_const__ noinline __noinline noinline_for_stack "
        "__noinline_for_stack nokprobe_inline notrace asmlinkage __nostackprotector "
        "__no_sanitize_address __no_kcsan __no_sanitize_thread __no_sanitize_undefined "
        "__no_sanitize_or_inline __no_kasan_or_inline __no_sanitize_memory __no_kmsan_checks "
        "__noscs __nocfi __noendbr __nonstring __randomize_layout __no_randomize_layout "
        "__designated_init __latent_entropy __ksym __kconfig __bpf_kfunc __efiapi "
        # STATIC and INIT: `static`/`__init` or nothing, in code shared with boot decompressors
        "STATIC INIT"
    ).split()
)

# Attribute-like macros that take arguments.
KNOWN_ATTR_FNS = frozenset(
    (
        "__printf __scanf __aligned __section __alloc_size __realloc_size __acquires __releases "
        "__must_hold __alias __assume_aligned __counted_by __diag_ignore __nonnull "
        "__copy __cleanup __no_sanitize_coverage __compiletime_error __compiletime_warning "
        # SEC("...") places BPF programs and maps in ELF sections
        "SEC"
    ).split()
)

_ALL_CAPS = re.compile(r"_*[A-Z][A-Z0-9_]+$")
# What may follow an attribute macro at the start of a declaration (not const: `U32 const x`).
_SPECIFIER_START = frozenset(
    "void char short int long float double signed unsigned _Bool struct union enum static "
    "extern inline typedef ATTR TYPEDEF_NAME __attribute__".split()
)
_ITERATOR_NAME = re.compile(r"for_each|foreach|_for_|^for_|each_|_each\b|^FOR_")
_DOUBLE_UNDERSCORE_WORD = re.compile(r"__[a-z0-9_]+$")

TYPE_KEYWORDS = frozenset(
    "void char short int long float double signed unsigned _Bool _Complex __int128 "
    "__auto_type".split()
)
_DECL_PREFIX = frozenset(
    "static extern const volatile inline register typedef _Noreturn __extension__ auto "
    "_Thread_local __thread restrict ATTR".split()
)
_EXPR_START = frozenset(
    "IDENT NUMBER CHAR STRING STRING_MACRO ~ ! sizeof _Alignof __extension__ __builtin_va_arg "
    "__builtin_offsetof _Generic".split()
)
_STMT_START_PREV = frozenset({";", "{", "}", "else", "do", ":"})
_CONDITION_HEADS = frozenset({"if", "while", "for", "switch", "ITERATOR"})
_AFTER_DECLARATOR = frozenset({";", ",", "=", "[", ")", ":"})
_BRACE_STRUCT, _BRACE_BLOCK, _BRACE_INIT = 1, 2, 3


def is_typedef_like(name: str) -> bool:
    return name in KNOWN_TYPES or (name.endswith("_t") and len(name) > 2)


def collect_typedefs(text: str, tokens: list[Token]) -> set[str]:
    """Names declared by `typedef` in these tokens (any depth; kernel typedefs are top-level)."""
    names: set[str] = set()
    n = len(tokens)
    i = 0
    while i < n:
        if tokens[i].kind != "typedef":
            i += 1
            continue
        depth = 0
        j = i + 1
        while j < n:
            kind = tokens[j].kind
            if kind in "({[":
                depth += 1
            elif kind in ")}]":
                depth -= 1
                if depth < 0:
                    break
            elif kind == ";" and depth == 0:
                break
            elif kind == "IDENT" and j + 1 < n:
                follow = tokens[j + 1].kind
                before = tokens[j - 1].kind
                declared = (depth == 0 and follow in (";", ",", "[", "__attribute__")) or (
                    before == "*" and follow == ")" and tokens[j - 2].kind == "("  # (*name)(...)
                )
                if declared and before not in ("struct", "union", "enum"):
                    names.add(text[tokens[j].start:tokens[j].end])
            j += 1
        i = j + 1
    return names


def _matching(tokens: list[Token]) -> list[int]:
    """For each opening bracket, the index of its closing one (-1 when unbalanced)."""
    match = [-1] * len(tokens)
    stack: list[int] = []
    for i, token in enumerate(tokens):
        kind = token.kind
        if kind in ("(", "[", "{"):
            stack.append(i)
        elif kind in (")", "]", "}"):
            if stack:
                match[stack.pop()] = i
    return match


def _holds_statements(kinds: list[str], open_: int, close: int) -> bool:
    """Is there a `;` directly inside the parentheses from `open_` to `close` (not inside a
    brace of a statement expression or an initializer)?"""
    braces = 0
    for kind in kinds[open_ + 1:close]:
        if kind == "{":
            braces += 1
        elif kind == "}":
            braces -= 1
        elif kind == ";" and braces == 0:
            return True
    return False


def classify(text: str, tokens: list[Token], typedefs: set[str] | frozenset[str]) -> list[Token]:
    """Return `tokens` with each IDENT re-tagged by the rules in this module's docstring."""
    n = len(tokens)
    if not n:
        return tokens
    kinds = [t.kind for t in tokens]
    words = [text[t.start:t.end] if t.kind == "IDENT" else "" for t in tokens]
    match = _matching(tokens)
    # Context stack: one entry per open bracket, saying what the bracket belongs to.
    braces: list[int] = []
    paren_heads: list[str] = []  # for each open "(": what stood before it
    top_level = True  # no brace open: a chunk's declaration head
    decl_start = True  # at the start of a declaration or statement
    decl_has_type = False
    in_initializer = False  # after `=` in a declaration, until `,` or `;`
    last_closed = ""  # what stood before the `(` of the last `)`
    statement_context = False  # inside a function body or compound statement

    for i in range(n):
        kind = kinds[i]
        prev = kinds[i - 1] if i else ";"
        nxt = kinds[i + 1] if i + 1 < n else ";"
        if kind == "IDENT":
            word = words[i]
            new = "IDENT"
            if prev in (".", "->", "struct", "union", "enum", "goto"):
                new = "IDENT"
            elif word in KNOWN_ATTRS:
                new = "ATTR"
            elif word in KNOWN_ATTR_FNS and nxt == "(":
                new = "ATTR_FN"
            elif nxt == "STRING" or prev == "STRING":  # `"x" __stringify(y)` too
                new = "STRING_MACRO"
            elif word in typedefs or is_typedef_like(word) and (
                word in KNOWN_TYPES
                or nxt not in _EXPRESSION_FOLLOW
                and not (nxt == "(" and i + 2 < n and kinds[i + 2] != "*")  # min_t(...), a macro
            ):
                # A type name, unless it is being declared: `typedef struct x foo_t;`
                if (prev in TYPE_KEYWORDS or prev in ("TYPEDEF_NAME", "}") or prev == "*" and decl_has_type) and nxt in _AFTER_DECLARATOR:
                    new = "IDENT"
                elif nxt == "(" and prev not in ("(", ",") and not (prev in _DECL_PREFIX or decl_start):
                    new = "IDENT"
                else:
                    new = "TYPEDEF_NAME"
            elif nxt == "(":
                close = match[i + 1]
                after = kinds[close + 1] if 0 <= close < n - 1 else ";"
                at_decl_start = decl_start or (prev in _DECL_PREFIX and not decl_has_type)
                if paren_heads and (
                    prev == ")" and last_closed == "MACRO_STMT"
                    or prev in ("(", ",") and after == "IDENT" and close + 2 < n and kinds[close + 2] == "("
                ):
                    # juxtaposed macro calls inside a macro argument:
                    # TP_STRUCT__entry(__field(int, a) __array(char, s, 16))
                    new = "MACRO_STMT"
                elif statement_context and decl_start:
                    if after not in ("{", ";") and _holds_statements(kinds, i + 1, close) and 0 <= close < n - 1 and (
                        after == "}" or "\n" in text[tokens[close].end:tokens[close + 1].start]
                    ):
                        # IF_ABR(printk(...);) on a line of its own: its argument is statements,
                        # so it is no call, whatever the next line starts with
                        new = "MACRO_STMT"
                    elif after == "{" or _ITERATOR_NAME.search(word) and after not in (";", ",", ")", "=", "->", ".", "["):
                        new = "ITERATOR"
                    elif after in _STMT_FOLLOW and 0 <= close < n - 1 and "\n" in text[tokens[close].end:tokens[close + 1].start]:
                        new = "MACRO_STMT"
                    elif prev in ("static", "extern") and not decl_has_type or (
                        after == "=" and close + 2 < n and kinds[close + 2] == "{"
                    ):
                        new = "DECL_MACRO"
                elif not statement_context and at_decl_start and not decl_has_type and not braces_in_init(braces) and not paren_heads:
                    new = "DECL_MACRO"
            elif _DOUBLE_UNDERSCORE_WORD.match(word) and _attribute_position(
                prev,
                nxt,
                # `int x __read_mostly;`, `void f(void) __cold;` but not `struct tag __name =`
                # nor `x = (long)__name;`
                decl_has_type
                and not in_initializer
                and (prev in ("]", ")") or prev == "IDENT" and i >= 2 and kinds[i - 2] not in ("struct", "union", "enum")),
            ):
                new = "ATTR"
            elif _ALL_CAPS.match(word) and (prev in TYPE_KEYWORDS or prev == "TYPEDEF_NAME") and nxt == "IDENT":
                new = "ATTR"  # static int ATTRIBUTE_UNUSED f(void)
            elif _ALL_CAPS.match(word) and prev in ("static", "extern", "inline") and nxt in ("const", "volatile"):
                new = "ATTR"  # static FORCE_INLINE const BYTE *f(...)
            elif _ALL_CAPS.match(word) and (decl_start or prev in _DECL_PREFIX) and (
                nxt in _SPECIFIER_START or nxt == "IDENT" and i + 2 < n and kinds[i + 2] in ("IDENT", "*")
            ):
                # MEM_STATIC size_t f(...), LIBPERF_API int g(...): an attribute-like macro
                new = "ATTR"
            elif nxt in ("const", "volatile") and decl_start and i + 2 < n and kinds[i + 2] in ("IDENT", "*"):
                new = "TYPEDEF_NAME"  # U32 const x;
            elif nxt in ("IDENT", "ATTR") and (decl_start or prev in _DECL_PREFIX or prev == "(" and top_level or prev == "," and top_level and paren_heads) and prev not in (".", "->"):
                new = "TYPEDEF_NAME"
            elif nxt == "*" and (decl_start or prev in _DECL_PREFIX or (prev in ("(", ",") and top_level and paren_heads)):
                # `foo *bar;` where a declaration starts, `const foo *bar`, `(foo *p, ...)`,
                # `(const foo *)x`
                j = i + 1
                while j < n and kinds[j] in ("*", "const", "volatile", "ATTR", "restrict"):
                    j += 1
                if j < n and (
                    kinds[j] == ")" and prev in _DECL_PREFIX
                    or kinds[j] in ("IDENT", ")")
                    and (j + 1 >= n or kinds[j + 1] in (";", "=", ",", "[", ")", "(", "ATTR", "__attribute__"))
                ):
                    new = "TYPEDEF_NAME"
            elif prev == "(" and nxt == ")":
                # `(foo)x` is a cast, but not `if (foo) x` nor `f(foo) x`
                after = kinds[i + 2] if i + 2 < n else ";"
                opener = kinds[i - 2] if i >= 2 else ";"
                if after in _EXPR_START and opener not in _CALL_OR_CONDITION:
                    new = "TYPEDEF_NAME"
            elif prev == "(" and nxt == "*":
                j = i + 1
                while j < n and kinds[j] in ("*", "const", "ATTR"):
                    j += 1
                if j < n and kinds[j] == ")":
                    new = "TYPEDEF_NAME"
            if new != "IDENT":
                kinds[i] = new
                tokens[i] = Token(new, tokens[i].start, tokens[i].end)
            kind = new
        # Track context for the next token.
        if kind == "{":
            before = kinds[i - 1] if i else ";"
            if before in ("=", ",", "(", "{", "[") and (not braces or braces[-1] != _BRACE_BLOCK or before in ("=", "(")) or before == ")" and i >= 2 and _is_cast_close(kinds, i - 1):
                braces.append(_BRACE_INIT)
            elif before in ("IDENT", "TYPEDEF_NAME", "struct", "union", "enum", "ATTR", ")") and _struct_before(kinds, i):
                braces.append(_BRACE_STRUCT)
            else:
                braces.append(_BRACE_BLOCK)
            top_level = False
            statement_context = _BRACE_BLOCK in braces
            decl_start = braces[-1] != _BRACE_INIT
            decl_has_type = False
        elif kind == "}":
            closed = braces.pop() if braces else _BRACE_BLOCK
            top_level = not braces
            statement_context = _BRACE_BLOCK in braces
            if closed == _BRACE_STRUCT:  # `struct { ... } name, *other;` goes on
                decl_start, decl_has_type = False, True
            else:
                decl_start = not braces or braces[-1] != _BRACE_INIT
                decl_has_type = False
        elif kind == ";":
            decl_start = not braces or braces[-1] != _BRACE_INIT
            decl_has_type = in_initializer = False
        elif kind == "=" and not paren_heads:
            in_initializer = True
            decl_start = False
        elif kind == "," and not paren_heads and in_initializer and (not braces or braces[-1] != _BRACE_INIT):
            in_initializer = False
        elif kind == ":" and statement_context and prev in ("IDENT", "default") and not paren_heads:
            decl_start = True
        elif kind == "(":
            paren_heads.append(prev)
            decl_start = False
        elif kind == ")":
            head = last_closed = paren_heads.pop() if paren_heads else ""
            # After `if (...)` or a statement macro a statement starts; after a top-level
            # `BTF_ID(a, b)` with no `;` another declaration may start.
            decl_start = statement_context and (head in _CONDITION_HEADS or head == "MACRO_STMT") or head == "DECL_MACRO"
        elif kind in ("else", "do"):
            decl_start = True
        else:
            if not paren_heads and (kind in TYPE_KEYWORDS or kind in ("TYPEDEF_NAME", "struct", "union", "enum", "typeof")):
                decl_has_type = True
            if kind not in _DECL_PREFIX and kind != "ATTR_FN":
                decl_start = False
    return tokens


# Tokens after which a name is used as a value, never as a type: `ref_t = ...`, `next_t->x`.
_EXPRESSION_FOLLOW = frozenset(
    "= -> . [ ++ -- += -= *= /= %= |= &= ^= <<= >>= ; ? == != < > <= >= && || + - / % ^ | &".split()
)

_STMT_FOLLOW = frozenset(
    "IDENT TYPEDEF_NAME ITERATOR MACRO_STMT if for while do switch return goto break continue "
    "{ } asm static const unsigned int char long struct union enum void".split()
)


_CALL_OR_CONDITION = frozenset(
    "IDENT ) ] if while switch for ITERATOR MACRO_STMT DECL_MACRO ATTR_FN STRING TYPEDEF_NAME "
    "sizeof typeof _Alignof __attribute__ asm".split()
)
_TYPE_FOLLOW = frozenset("IDENT * TYPEDEF_NAME ATTR struct union enum".split()) | TYPE_KEYWORDS


def _attribute_position(prev: str, nxt: str, after_declarator: bool) -> bool:
    """Is a `__word` between a type and a declarator, or after a declarator?"""
    if (prev in TYPE_KEYWORDS or prev == "TYPEDEF_NAME" or prev in _DECL_PREFIX) and (
        nxt in _TYPE_FOLLOW or nxt in _DECL_PREFIX
    ) or prev == "*" and nxt in ("IDENT", "*"):
        return True  # char __user *p;  static __always_inline int
    return after_declarator and nxt in (";", "=", ",", "{", "ATTR", "__attribute__")


def braces_in_init(braces: list[int]) -> bool:
    return bool(braces) and braces[-1] == _BRACE_INIT


def _is_cast_close(kinds: list[str], close_index: int) -> bool:
    """Is the `)` at close_index the end of a cast, as in a compound literal `(type){...}`?"""
    depth = 0
    for j in range(close_index, -1, -1):
        k = kinds[j]
        if k == ")":
            depth += 1
        elif k == "(":
            depth -= 1
            if depth == 0:
                first = kinds[j + 1] if j + 1 < len(kinds) else ""
                before = kinds[j - 1] if j > 0 else ""
                return (first in TYPE_KEYWORDS or first in ("TYPEDEF_NAME", "struct", "union", "enum", "const")) and before not in ("IDENT", ")", "]", "sizeof", "ATTR_FN", "DECL_MACRO", "ITERATOR", "MACRO_STMT")
    return False


def _struct_before(kinds: list[str], brace_index: int) -> bool:
    """Does the `{` at brace_index open a struct, union or enum body?"""
    j = brace_index - 1
    while j >= 0 and kinds[j] in ("ATTR",):
        j -= 1
    if j >= 0 and kinds[j] == ")":  # __attribute__((...)) or ATTR_FN(...) before the body
        depth = 0
        while j >= 0:
            if kinds[j] == ")":
                depth += 1
            elif kinds[j] == "(":
                depth -= 1
                if depth == 0:
                    break
            j -= 1
        j -= 1
        while j >= 0 and kinds[j] in ("(", "__attribute__", "ATTR_FN", "ATTR"):
            j -= 1
    if j >= 0 and kinds[j] in ("IDENT", "TYPEDEF_NAME"):
        j -= 1
    while j >= 0 and kinds[j] in ("ATTR",):
        j -= 1
    return j >= 0 and kinds[j] in ("struct", "union", "enum")
