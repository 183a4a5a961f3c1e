"""Reading Python bytecode marshalled by `func_dump` (Lambda layers).

Keras 2 stores a Lambda's function as `marshal.dumps(func.__code__)` and
no Python version beside it. Marshalled code only means something to the
Python version that wrote it: another version either fails to read it
(ValueError, EOFError, TypeError or SystemError from `marshal.loads`) or,
worse, reads a code object whose instructions mean something else, which
can crash the interpreter when called. Files from Keras 2.3.1 (Python 2.7
to 3.8) fail the first way on Python 3.11; code from 3.12 or 3.13 is read
by 3.11 without complaint. `bytecode_problem` therefore checks the
instructions the way the compiler built them: every opcode defined, inline
cache slots empty, a `RESUME` prologue (3.11+), jumps landing on
instructions and a stack depth that never goes negative nor past
`co_stacksize` on any path (from 3.11 on). Code written by this Python
version passes (checked on every module of the standard library for 3.11,
3.12 and 3.13, and on the 19,000 files of the installed packages for
3.11); code from another version is rejected unless its instructions mean
the same thing here.
"""
import binascii
import codecs
import dis
import marshal
import sys
import types

# Instructions after which execution never continues with the next one.
_NO_FALLTHROUGH = frozenset([
    'RETURN_VALUE', 'RETURN_CONST', 'RAISE_VARARGS', 'RERAISE',
    'JUMP_FORWARD', 'JUMP_BACKWARD', 'JUMP_ABSOLUTE',
    'JUMP_BACKWARD_NO_INTERRUPT', 'JUMP', 'JUMP_NO_INTERRUPT'])
_JUMPS = frozenset(getattr(dis, 'hasjump', ())) | frozenset(
    dis.hasjrel) | frozenset(dis.hasjabs)
_DEFINED_OPCODES = frozenset(dis.opmap.values())
_CACHE_OPCODE = dis.opmap.get('CACHE')
# The flow checks need 3.11's exception tables: before, handlers were
# blocks pushed at run time, which a static walk cannot follow exactly.
_FLOW_CHECKED = sys.version_info >= (3, 11)
# What a 3.11+ function may run before its RESUME.
_PROLOGUE = frozenset(['MAKE_CELL', 'COPY_FREE_VARS', 'RETURN_GENERATOR',
                       'POP_TOP', 'NOP', 'EXTENDED_ARG'])


def python_version():
    """'3.11.7': the running interpreter, for messages."""
    return '%d.%d.%d' % sys.version_info[:3]


def load_marshalled_code(text):
    """The code object in `text`: base64 of marshalled bytes (Keras 2.1.2
    and later) or the marshalled bytes themselves as text (earlier).

    # Raises
        ValueError: naming the reason and this Python version when the
            bytes are not code this interpreter can run.
    """
    if isinstance(text, bytes):
        text = text.decode('latin-1')
    if not isinstance(text, str):
        raise ValueError('Expected the marshalled bytecode of a function as '
                         'a base64 string; received %s.'
                         % type(text).__name__)
    candidates = []
    try:
        candidates.append(codecs.decode(text.encode('ascii'), 'base64'))
    except (UnicodeEncodeError, binascii.Error, ValueError):
        pass
    candidates.append(text.encode('raw_unicode_escape'))
    reason = None
    for raw in candidates:
        try:
            code = marshal.loads(raw)
        except (ValueError, EOFError, TypeError, SystemError) as error:
            reason = reason or '%s: %s' % (type(error).__name__, error)
            continue
        if not isinstance(code, types.CodeType):
            reason = reason or ('the data holds a %s, not a code object'
                                % type(code).__name__)
            continue
        problem = bytecode_problem(code)
        if problem is None:
            return code
        reason = reason or problem
    raise ValueError(
        'Cannot load the bytecode of a Python function: it was probably '
        'written by another Python version (this is Python %s; Keras 2 '
        'stores no Python version with the bytecode, and marshalled '
        'bytecode only runs on the Python version that wrote it). '
        'Reason: %s.' % (python_version(), reason))


def bytecode_problem(code):
    """None if `code` (and the code objects nested in it) is bytecode this
    interpreter could have compiled, else what is wrong with it."""
    raw = code.co_code
    if len(raw) % 2:
        return 'the instructions of %r have an odd length' % code.co_name
    try:
        instructions = list(dis.get_instructions(code))
    except Exception as error:  # dis indexes tables with foreign arguments
        return 'the instructions of %r cannot be decoded (%s: %s)' % (
            code.co_name, type(error).__name__, error)
    if not instructions:
        return '%r has no instructions' % code.co_name
    ends = [ins.offset for ins in instructions[1:]] + [len(raw)]
    for ins, end in zip(instructions, ends):
        if ins.opcode not in _DEFINED_OPCODES or ins.opcode == _CACHE_OPCODE:
            return ('opcode %d at offset %d of %r is not an instruction '
                    'here' % (ins.opcode, ins.offset, code.co_name))
        # Slots dis skips between two instructions are inline caches,
        # which marshal writes as zeros.
        if any(raw[ins.offset + 2:end]):
            return 'the inline cache of %s at offset %d of %r is not empty' % (
                ins.opname, ins.offset, code.co_name)
    if _FLOW_CHECKED:
        problem = (_prologue_problem(code, instructions) or
                   _stack_problem(code, instructions))
        if problem:
            return problem
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            problem = bytecode_problem(const)
            if problem:
                return problem
    return None


def _prologue_problem(code, instructions):
    for ins in instructions:
        if ins.opname == 'RESUME':
            return None
        if ins.opname not in _PROLOGUE:
            break
    return '%r does not start with RESUME' % code.co_name


def _stack_problem(code, instructions):
    """Follows every path (jumps, exception handlers) tracking the stack
    depth, as the compiler does when it sets `co_stacksize`."""
    position = {ins.offset: i for i, ins in enumerate(instructions)}
    handlers = dis.Bytecode(code).exception_entries
    depth_at = {0: 0}
    pending = [0]

    def arrive(offset, depth, source):
        if offset not in position:
            return 'a jump from offset %d of %r lands inside an ' \
                   'instruction' % (source, code.co_name)
        if depth < 0 or depth > code.co_stacksize:
            return 'the stack depth of %r leaves [0, %d] at offset %d' % (
                code.co_name, code.co_stacksize, source)
        known = depth_at.get(offset)
        if known is None:
            depth_at[offset] = depth
            pending.append(offset)
        elif known != depth:
            return 'offset %d of %r is reached with stack depths %d and ' \
                   '%d' % (offset, code.co_name, known, depth)
        return None

    while pending:
        i = position[pending.pop()]
        depth = depth_at[instructions[i].offset]
        while True:
            ins = instructions[i]
            for entry in handlers:
                if entry.start <= ins.offset < entry.end:
                    # A handler starts with the saved stack, the offset of
                    # the raising instruction (if lasti) and the exception.
                    problem = arrive(entry.target,
                                     entry.depth + int(entry.lasti) + 1,
                                     ins.offset)
                    if problem:
                        return problem
            arg = ins.arg if ins.opcode >= dis.HAVE_ARGUMENT else None
            try:
                if ins.opcode in _JUMPS:
                    problem = arrive(ins.argval, depth + dis.stack_effect(
                        ins.opcode, arg, jump=True), ins.offset)
                    if problem:
                        return problem
                if ins.opname in _NO_FALLTHROUGH:
                    break
                effect = dis.stack_effect(ins.opcode, arg, jump=False)
            except (ValueError, TypeError) as error:
                return 'no stack effect for %s at offset %d of %r (%s)' % (
                    ins.opname, ins.offset, code.co_name, error)
            if ins.opname == 'RETURN_GENERATOR':
                # 3.11 and 3.12 count 0, but the frame resumes with the
                # value sent in on the stack (3.13 counts 1).
                effect = 1
            depth += effect
            if i + 1 >= len(instructions):
                return 'the last instruction of %r is followed by nothing' % (
                    code.co_name,)
            next_offset = instructions[i + 1].offset
            seen = next_offset in depth_at
            problem = arrive(next_offset, depth, ins.offset)
            if problem:
                return problem
            if seen:
                break
            pending.pop()  # followed now rather than later
            i += 1
    return None
