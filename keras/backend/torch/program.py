"""A recorded graph turned into straight-line Python source, once per
K.function and learning phase.

torch runs eagerly, so the cost of a K.function call beyond torch's own
kernels is the walk over the graph. The walk is done here, once: the nodes
are ordered, every tensor gets a local variable, and the result is one
generated function of the fed values, e.g.

    def run(feeds):
        t0 = feeds[0]
        t1 = c0.storage            # a variable
        set_grad(True)
        t2 = c1(t0, t1)  # dot     # c1: the op's eager function
        ...
        del t2
        return [t7], [t9, t10]     # outputs, new values of the updates

Python then pays one call per node and nothing else; common nodes are
written as plain torch expressions, in place where a tensor is fresh and
read by nothing after (see inline.py). Intermediates are deleted after
their last use, so memory is freed as eagerly as hand-written torch would
free it. Nodes on a path from the tensors a gradient is taken
against to its loss run with grad enabled; everything else runs without, so
no autograd graph is built for it.
"""
import heapq
import itertools
import keyword
import linecache
import math
import weakref

from keras.backend.ops import slice_groups
from keras.backend.symbolic import graph
from keras.backend.symbolic.structure import flatten
from keras.backend.symbolic.tensor import KerasTensor
from keras.backend.symbolic.tensor import Variable
from keras.backend.torch import inline
from keras.backend.torch.devices import torch_device

# Node kinds the generated code reproduces exactly as graph.Lowering does.
KNOWN_KINDS = ('op', 'switch', 'gradient')

_program_ids = itertools.count()


def _is_literal(obj):
    if type(obj) in (bool, int, str) or obj is None:
        return True
    return type(obj) is float and math.isfinite(obj)


class Program(object):
    """The generated function for one plan and learning phase.

    Attributes:
        run: `run(feed_values) -> (outputs, update_values)`.
        source: the generated source, for debugging.
        owned_updates: for each update value, whether the program made it
            as a new tensor that nothing else refers to, so that the
            variable can take its memory without a check or a copy.

    `in_place=False` makes every node allocate its result: for a loop body
    (see BodyPlan), which runs under the caller's grad mode, where autograd
    may have saved any tensor.
    """

    def __init__(self, plan, phase, namespace_helpers, in_place=True):
        self.plan = plan
        self.phase = phase
        self.in_place = in_place
        self.names = {}
        self.namespace = dict(namespace_helpers)
        self._constants = {}
        self.constants = []  # every constant object the source refers to
        feed_tensors = [t for i, t in enumerate(plan.inputs)
                        if i != plan.learning_phase_index]
        self.feed_index = {t: i for i, t in enumerate(feed_tensors)}
        on_path = set()
        for node in plan.gradient_nodes:
            on_path |= node.dependent
        self.on_gradient_path = on_path
        self.owned_updates = [False] * len(plan.update_values)
        self.source = self._generate()
        filename = '<keras torch function %d>' % next(_program_ids)
        # The source is registered so that tracebacks show the failing line
        # (and the node name in its comment).
        linecache.cache[filename] = (len(self.source), None,
                                     self.source.splitlines(True), filename)
        weakref.finalize(self, linecache.cache.pop, filename, None)
        exec(compile(self.source, filename, 'exec'), self.namespace)
        self.run = self.namespace['run']

    # Graph walking.

    def _static_condition(self, node):
        """The branch choice of a switch known when the graph is generated
        (the learning phase, a Python condition), else None."""
        condition = node.args[0]
        if graph.is_learning_phase(condition) and \
                condition not in self.feed_index:
            return bool(self.phase)
        if isinstance(condition, (bool, int)):
            return bool(condition)
        return None

    def _node_inputs(self, node):
        if node.kind == 'switch':
            choice = self._static_condition(node)
            if choice is not None:
                branch = node.args[1] if choice else node.args[2]
                return [t for t in flatten(branch)
                        if isinstance(t, KerasTensor)]
        return node.inputs

    def _is_leaf(self, tensor):
        return tensor.node is None or tensor in self.feed_index

    def _ordered_nodes(self, roots):
        """(leaf tensors, nodes) needed for `roots`, nodes in an order
        where each follows its inputs and nodes on the gradient path are
        grouped, so that grad mode changes rarely."""
        leaves, nodes, seen = [], [], set()
        stack = [(t, False) for t in reversed(roots)]
        while stack:
            tensor, expanded = stack.pop()
            if expanded:
                if self._is_leaf(tensor):
                    leaves.append(tensor)
                elif tensor.node not in seen:
                    seen.add(tensor.node)
                    nodes.append(tensor.node)
                continue
            if tensor in seen:
                continue
            seen.add(tensor)
            stack.append((tensor, True))
            if not self._is_leaf(tensor):
                for inp in reversed(self._node_inputs(tensor.node)):
                    if inp not in seen:
                        stack.append((inp, False))
        return leaves, self._grouped_by_grad_mode(nodes)

    def _needs_grad(self, node):
        return any(out in self.on_gradient_path for out in node.outputs
                   if out is not None)

    def _grouped_by_grad_mode(self, nodes):
        position = {node: i for i, node in enumerate(nodes)}
        waiting = {}
        users = {node: [] for node in nodes}
        for node in nodes:
            producers = {t.node for t in self._node_inputs(node)
                         if not self._is_leaf(t)}
            waiting[node] = len(producers)
            for producer in producers:
                users[producer].append(node)
        ready = {True: [], False: []}
        for node in nodes:
            if not waiting[node]:
                heapq.heappush(ready[self._needs_grad(node)],
                               (position[node], node))
        ordered = []
        mode = True
        while ready[True] or ready[False]:
            if not ready[mode]:
                mode = not mode
            _, node = heapq.heappop(ready[mode])
            ordered.append(node)
            for user in users[node]:
                waiting[user] -= 1
                if not waiting[user]:
                    heapq.heappush(ready[self._needs_grad(user)],
                                   (position[user], user))
        return ordered

    # Source generation.

    def _constant(self, obj):
        if _is_literal(obj):
            return repr(obj)
        key = id(obj)
        if key not in self._constants:
            name = 'c%d' % len(self._constants)
            self._constants[key] = name
            self.namespace[name] = obj
            self.constants.extend(flatten(obj))
        return self._constants[key]

    def _expr(self, obj):
        """Source for a node argument: tensors by name, containers rebuilt,
        anything else a constant."""
        if isinstance(obj, KerasTensor):
            return self.names[obj]
        if isinstance(obj, list):
            return '[%s]' % ', '.join(self._expr(o) for o in obj)
        if isinstance(obj, tuple):
            if not any(isinstance(o, KerasTensor) for o in flatten(obj)):
                return self._constant(obj)
            items = [self._expr(o) for o in obj]
            if hasattr(obj, '_fields'):
                return '%s(%s)' % (self._constant(type(obj)),
                                   ', '.join(items))
            return '(%s)' % ''.join(item + ', ' for item in items)
        if isinstance(obj, dict):
            return '{%s}' % ', '.join('%s: %s' % (self._constant(k),
                                                  self._expr(v))
                                      for k, v in obj.items())
        return self._constant(obj)

    def _call(self, fn, args, kwargs):
        name = self._constant(fn)
        parts = [self._expr(a) for a in args]
        for key, value in kwargs.items():
            if key.isidentifier() and not keyword.iskeyword(key):
                parts.append('%s=%s' % (key, self._expr(value)))
            else:
                parts.append('**{%r: %s}' % (key, self._expr(value)))
        return '%s(%s)' % (name, ', '.join(parts))

    def _new_name(self, tensor):
        name = 't%d' % len(self.names)
        self.names[tensor] = name
        return name

    def _leaf_statement(self, tensor):
        name = self._new_name(tensor)
        if tensor in self.feed_index:
            line = '%s = feeds[%d]' % (name, self.feed_index[tensor])
        elif isinstance(tensor, Variable):
            line = '%s = %s.storage' % (name, self._constant(tensor))
        elif graph.is_learning_phase(tensor):
            line = '%s = %d' % (name, self.phase)
        else:
            raise graph.UnfedPlaceholderError(
                'You must feed a value for placeholder %r (shape %s, dtype '
                '%s): add it to the inputs of K.function.'
                % (tensor.name, tensor.shape, tensor.dtype))
        return [line], [], [name]

    def _node_statement(self, node):
        """(lines, names used, names defined) computing one node."""
        used = [self.names[t] for t in self._node_inputs(node)]
        if node.kind == 'gradient':
            create_graph = self._needs_grad(node)
            call = 'gradient_values(%s, %s, create_graph=%r, ' \
                'retain_graph=%r)' % (
                    self.names[node.loss], self._expr(node.wrt),
                    create_graph,
                    create_graph or len(self.plan.gradient_nodes) > 1)
            multi = True
        elif node.kind == 'switch' and \
                self._static_condition(node) is not None:
            choice = self._static_condition(node)
            call = self._expr(node.args[1] if choice else node.args[2])
            multi = False
        elif node in self._split_of:
            return self._split_statement(node)
        elif node in self._inlined:
            call = self._inline_call(node, self._inlined[node])
            multi = False
        elif node.device is not None:
            call = 'placed(%s, %s, %s, %s)' % (
                self._constant(torch_device(node.device)),
                self._constant(node.fn),
                self._expr(tuple(node.args)), self._expr(dict(node.kwargs)))
            multi = node.multi_output
        else:
            call = self._call(node.fn, node.args, node.kwargs)
            multi = node.multi_output
        comment = '  # %s' % node.name.replace('\n', ' ')
        outputs = [out for out in node.outputs]
        if not multi:
            name = self._new_name(outputs[0])
            lines = ['%s = %s%s' % (name, call, comment)]
            defined = [name]
        else:
            lines = ['results = %s%s' % (call, comment)]
            defined = []
            for i, out in enumerate(outputs):
                if out is not None:
                    name = self._new_name(out)
                    lines.append('%s = results[%d]' % (name, i))
                    defined.append(name)
            lines.append('del results')
        return lines, used, defined

    # Slices of one tensor along one axis, as one split.

    def _find_splits(self, nodes):
        """Slices of one tensor along one axis, computed by one
        `torch.split` (see ops/slice_groups.py), those autograd records
        apart from the others. Sets `_split_of`: {node: (group, piece)};
        `_split_names`: {id of a group: its pieces' names, once emitted}."""
        self._split_of = slice_groups.find_split_groups(
            [node for node in nodes if node.device is None],
            part=self._needs_grad)
        self._split_names = {}

    def _split_statement(self, node):
        """The first slice of a group splits the tensor; each slice then
        names its piece."""
        group, piece = self._split_of[node]
        lines, used, defined = [], [], []
        names = self._split_names.get(id(group))
        if names is None:
            names = self._split_names[id(group)] = [
                's%d_%d' % (len(self.names), i)
                for i in range(len(group.sizes))]
            lines.append('%s = torch.split(%s, %r, %d)' % (
                ', '.join(names), self.names[group.x], group.sizes,
                group.axis))
            used.append(self.names[group.x])
            defined.extend(names)
        name = self._new_name(node.outputs[0])
        lines.append('%s = %s  # %s' % (name, names[piece],
                                         node.name.replace('\n', ' ')))
        used.append(names[piece])
        defined.append(name)
        return lines, used, defined

    # Inlined nodes and fresh tensors.

    def _analyse_inlining(self, nodes):
        """Which nodes are written as plain torch expressions, and the
        facts in-place writes depend on: who reads each tensor, and which
        tensors must survive the program (returned, or watched)."""
        plan = self.plan
        self._inlined = {}
        for node in nodes:
            if node.kind == 'op' and node.device is None:
                form = inline.inline(node)
                if form is not None:
                    self._inlined[node] = form
        self._readers = {}
        for node in nodes:
            for tensor in self._node_inputs(node):
                self._readers.setdefault(tensor, []).append(node)
        self._kept = set(t for t in plan.outputs + plan.update_values
                         if isinstance(t, KerasTensor))
        self._kept |= set(plan.watched)
        # Tensors made by an inlined expression as new memory, whose every
        # reader is an inlined expression that makes new memory too: no
        # view or alias of them can exist, so the last reader may write
        # into them.
        self._fresh = set()

    def _private(self, tensor):
        readers = self._readers.get(tensor, [])
        return tensor in self._fresh and all(
            node in self._inlined and not self._inlined[node].alias and
            not self._needs_grad(node) for node in readers)

    def _can_write_into(self, node, operand, other):
        """Whether `node` may write its result into `operand`: a private
        fresh tensor, read last by this node, outside autograd's reach,
        and already of the result's shape whatever `other` is."""
        if not self.in_place or not isinstance(operand, KerasTensor) or \
                operand is other or operand in self._kept or \
                not self._private(operand) or self._needs_grad(node) or \
                self._needs_grad(operand.node) or \
                self._readers[operand][-1] is not node:
            return False
        if not isinstance(other, KerasTensor):
            return other is None or inline._is_number(other)
        if len(other.shape) > len(operand.shape):
            return False
        aligned = zip(reversed(operand.shape), reversed(other.shape))
        return all(o == 1 or (o is not None and o == d) for d, o in aligned)

    def _inline_call(self, node, form):
        operands = form.operands
        out = node.outputs[0]
        for index, template in sorted(form.in_place.items()):
            other = operands[1 - index] if len(operands) == 2 else None
            if self._can_write_into(node, operands[index], other):
                self._fresh.add(out)
                return template.format(*[self._expr(o) for o in operands])
        if not form.alias:
            self._fresh.add(out)
        return form.expression.format(*[self._expr(o) for o in operands])

    def _mark_owned_updates(self):
        plan = self.plan
        for i, value in enumerate(plan.update_values):
            self.owned_updates[i] = (
                isinstance(value, KerasTensor) and self._private(value) and
                not any(value is t for t in plan.outputs) and
                sum(value is t for t in plan.update_values) == 1)

    def _generate(self):
        plan = self.plan
        roots = [t for t in plan.outputs + plan.update_values
                 if isinstance(t, KerasTensor)]
        leaves, nodes = self._ordered_nodes(roots)
        self._analyse_inlining(nodes)
        self._find_splits(nodes)
        statements = [self._leaf_statement(t) for t in leaves]
        grad_enabled = False
        for node in nodes:
            if plan.gradient_nodes and self._needs_grad(node) != grad_enabled:
                grad_enabled = not grad_enabled
                statements.append((['set_grad(%r)' % grad_enabled], [], []))
            statements.append(self._node_statement(node))
        self._mark_owned_updates()
        watched = {self.names[t] for t in plan.watched if t in self.names}
        returned = ('return [%s], [%s]' % (
            ', '.join(self._expr(t) for t in plan.outputs),
            ', '.join(self._expr(t) for t in plan.update_values)))
        kept = {self.names[t] for t in plan.outputs + plan.update_values
                if isinstance(t, KerasTensor)}
        last_use = {}
        for i, (_, used, defined) in enumerate(statements):
            for name in defined:
                last_use.setdefault(name, i)
            for name in used:
                last_use[name] = i
        body = []
        for i, (lines, used, defined) in enumerate(statements):
            body.extend(lines)
            for name in defined:
                if name in watched:
                    body.append('%s = watch(%s)' % (name, name))
            dead = sorted({n for n in used + defined
                           if last_use[n] == i and n not in kept})
            if dead:
                body.append('del %s' % ', '.join(dead))
        body.append(returned)
        return 'def run(feeds):\n' + ''.join('    %s\n' % line
                                            for line in body)
