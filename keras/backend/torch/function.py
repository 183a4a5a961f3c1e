"""K.function on torch: a generated function per learning phase (see
program.py), run under the lightest grad mode the graph allows; variable
updates take the new values' memory rather than copying it."""
import torch

from keras.backend.symbolic import graph
from keras.backend.symbolic.function import feed_value
from keras.backend.symbolic.tensor import KerasTensor
from keras.backend.torch import core
from keras.backend.torch import devices
from keras.backend.torch import inline
from keras.backend.torch.program import KNOWN_KINDS
from keras.backend.torch.program import Program


def grad_mode(plan, generated=True):
    """The context a plan runs in: no autograd at all when it takes no
    gradient and updates nothing; otherwise no_grad, and a generated program
    enables grad only where a gradient needs it. (Not inference_mode when
    there are updates: a variable given an inference tensor's data could
    not take part in autograd later.) The generic Lowering computes a
    gradient's inputs before the gradient node, so it runs with grad
    enabled throughout."""
    if plan.gradient_nodes:
        return torch.no_grad() if generated else torch.enable_grad()
    if plan.updates:
        return torch.no_grad()
    return torch.inference_mode()


def supports_plan(plan):
    """Whether every node of the plan is of a kind Program generates code
    for; other plans run on the generic graph.Lowering."""
    roots = [t for t in plan.outputs + plan.update_values
             if isinstance(t, KerasTensor)]
    return all(t.node is None or t.node.kind in KNOWN_KINDS
               for t in graph.ancestors(roots, stop=plan.inputs))


def gradient_values(loss, wrt, create_graph=False, retain_graph=False):
    """Gradients of sum(loss) with respect to each of `wrt`; zeros where
    the loss does not depend on one (or it holds integers)."""
    targets = [i for i, value in enumerate(wrt)
               if isinstance(value, torch.Tensor) and value.requires_grad]
    grads = [None] * len(wrt)
    if targets and isinstance(loss, torch.Tensor) and loss.requires_grad:
        with torch.enable_grad():
            total = loss.sum()
        found = torch.autograd.grad(total, [wrt[i] for i in targets],
                                    allow_unused=True,
                                    create_graph=create_graph,
                                    retain_graph=retain_graph)
        for i, grad in zip(targets, found):
            grads[i] = grad
    return [torch.zeros_like(core.tensor(value)) if grad is None else grad
            for grad, value in zip(grads, wrt)]


def watch(value):
    """`value` as a tensor autograd can differentiate with respect to."""
    if isinstance(value, torch.Tensor) and not value.requires_grad and \
            core.is_float(value):
        return value.detach().requires_grad_(True)
    return value


def write_variable(variable, value, owned=False):
    """Gives a variable's storage tensor new data. The storage stays the
    same leaf tensor (requiring grad as before, and seen by whoever holds
    it), and is never written in place, so arrays read from it earlier keep
    their values. `owned`: `value` is a tensor whose memory nothing else
    uses, taken without a copy."""
    storage = variable.storage
    value = core.to_tensor(value)
    if value.dtype is not storage.dtype or value.is_cuda != storage.is_cuda:
        value = value.to(device=storage.device, dtype=storage.dtype)
        owned = True
    if not owned:
        value = value.clone(memory_format=torch.contiguous_format)
    if value.requires_grad:
        value = value.detach()
    # Setting .data is invisible to autograd: no graph records it.
    storage.data = value


def _memory(tensor):
    return tensor.untyped_storage().data_ptr()


def _owns_its_memory(value, taken):
    """Whether `value` is a tensor that alone uses its memory, which is not
    among `taken` (variables, feeds, constants, returned arrays)."""
    return (isinstance(value, torch.Tensor) and not value._is_view() and
            value.is_contiguous() and _memory(value) not in taken and
            value.untyped_storage().nbytes() ==
            value.numel() * value.element_size())


_HELPERS = {
    'placed': devices.placed,
    'gradient_values': gradient_values,
    'watch': watch,
    'set_grad': torch.set_grad_enabled,
    'torch': torch,
    'dropout': inline.dropout,
}


class BodyPlan(object):
    """A loop body's sub-graph (ops/control_flow.py: Body) as a plan for a
    Program: the step's placeholders and the captured outer tensors are its
    inputs, in that order; nothing is updated and no gradient is taken
    inside (autograd records the steps for the gradient outside)."""

    def __init__(self, body):
        self.inputs = list(body.params) + list(body.captured)
        self.outputs = [o for o in body.outputs if isinstance(o, KerasTensor)]
        self.update_values = []
        self.gradient_nodes = []
        self.watched = set()
        self.learning_phase_index = None
        for i, x in enumerate(self.inputs):
            if graph.is_learning_phase(x):
                self.learning_phase_index = i


def body_program(body, phase):
    """The generated Program of a loop body for a learning phase, made once
    and kept on the body; None for a body with node kinds Program does not
    generate, or a gradient inside (the generic Lowering runs those)."""
    key = ('torch', phase)
    if key not in body.compiled:
        plan = BodyPlan(body)
        inner = graph.ancestors(plan.outputs, stop=plan.inputs)
        if all(t.node is None or t.node.kind in ('op', 'switch')
               for t in inner):
            body.compiled[key] = Program(plan, phase, _HELPERS,
                                         in_place=False)
        else:
            body.compiled[key] = None
    return body.compiled[key]


def run_body(body, param_values, captured_values):
    """A loop step: the body's outputs (constants as they are) computed by
    its generated Program, or None where the body has none. A Python loop
    (torch's scan) runs this once per step: the graph walk of the generic
    Lowering is done once, when the Program is generated."""
    outer = graph.active_lowering()
    program = body_program(body, outer.learning_phase if outer else 0)
    if program is None:
        return None
    feeds = list(param_values) + list(captured_values)
    if program.plan.learning_phase_index is not None:
        del feeds[program.plan.learning_phase_index]
    values, _ = program.run(feeds)
    values = iter(values)
    return [next(values) if isinstance(o, KerasTensor) else o
            for o in body.outputs]


class TorchFunction(object):
    """A K.function: feeds converted to tensors, the generated function for
    the learning phase run, outputs returned as numpy arrays and updates
    applied after every output is computed."""

    def __init__(self, backend, plan):
        self.backend = backend
        self.plan = plan
        self.rng = {}
        self._programs = {}
        # Random ops find the function's generators through the active
        # lowering, as they do under graph.Lowering.
        self._lowering = graph.Lowering(backend, rng=self.rng)
        self._variables = list(plan.variables)

    def program(self, phase):
        found = self._programs.get(phase)
        if found is None:
            found = self._programs[phase] = Program(self.plan, phase,
                                                    _HELPERS)
            found.tensor_constants = [
                c for c in found.constants if isinstance(c, torch.Tensor)]
        return found

    def __call__(self, values):
        plan = self.plan
        feeds, phase = plan.split_feeds(values)
        program = self.program(phase)
        backend = self.backend
        feed_values = [core.to_tensor(feed_value(backend, t, v))
                       for t, v in feeds]
        self._lowering.learning_phase = phase
        with self._lowering, grad_mode(plan):
            outputs, new_values = program.run(feed_values)
            taken = {_memory(var.storage) for var in self._variables}
            arrays = [self._array(o, taken) for o in outputs]
            if plan.updates:
                self._write(new_values, taken, feed_values,
                            program.tensor_constants, program.owned_updates)
        return plan.pack(arrays)

    @staticmethod
    def _array(value, taken):
        """The output as a numpy array. On the CPU it shares the tensor's
        memory: a copy when that is a variable's, which the caller could
        otherwise change through it."""
        array = core.to_numpy(value)
        if isinstance(value, torch.Tensor) and not value.is_cuda:
            memory = _memory(value)
            if memory in taken:
                return array.copy()
            taken.add(memory)
        return array

    def _write(self, new_values, taken, feed_values, constants,
               known_owned):
        if not all(known_owned):
            for value in feed_values + constants:
                taken.add(_memory(value))
        # Every new value is made a tensor of its own before any variable
        # changes: a value may be another variable's storage tensor.
        owned = []
        for value, known in zip(new_values, known_owned):
            if not known:
                if _owns_its_memory(value, taken):
                    taken.add(_memory(value))
                else:
                    value = core.to_tensor(value).clone(
                        memory_format=torch.contiguous_format)
            owned.append(value)
        for (var, _), value in zip(self.plan.updates, owned):
            storage = var.storage
            if value.dtype is storage.dtype and not value.requires_grad \
                    and value.device == storage.device:
                storage.data = value  # write_variable's common case
            else:
                write_variable(var, value, owned=True)
