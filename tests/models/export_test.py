#!/usr/bin/env python3
"""CTest label `models`: real networks exported to ONNX with Debian's python3-torch and
python3-torchvision (random weights, nothing downloaded), imported and run by sasim. For each:
the MAC total sasim reports equals the count computed here from PyTorch's module shapes
(forward hooks on Conv2d and Linear, plus the attention products of the encoder), and the
shipped workloads/imported/<name>.csv equals `sasim import` of the fresh export. Test-only
packages: scripts/test.sh installs them (scripts/setup_test.sh); without them this exits 77
(skipped). Usage: export_test.py NAME (alexnet, vgg16, resnet50, mobilenet_v2, encoder)."""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SASIM = os.environ.get("SASIM_BIN", os.path.join(ROOT, "build", "sasim"))

try:
    import torch
    import torchvision
except ImportError:
    if os.environ.get("SASIM_REEXEC") is None and os.access("/usr/bin/python3", os.X_OK) \
            and sys.executable != "/usr/bin/python3":
        os.environ["SASIM_REEXEC"] = "1"
        os.execv("/usr/bin/python3", ["/usr/bin/python3", "-E"] + sys.argv)
    print("skipped: python3-torch / python3-torchvision not installed (scripts/setup_test.sh)")
    sys.exit(77)


class Encoder(torch.nn.Module):
    """A small transformer encoder (BERT-style post-norm blocks): per block Q, K, V and output
    projections, softmax(Q.K^T / sqrt(d_head)).V per head, layer norms, a ReLU FFN."""

    def __init__(s, d=256, heads=4, ffn=1024, tokens=64, blocks=2):
        super().__init__()
        s.d, s.h, s.L = d, heads, tokens
        s.blocks = torch.nn.ModuleList()
        for _ in range(blocks):
            b = torch.nn.ModuleDict({n: torch.nn.Linear(d, d) for n in ("q", "k", "v", "o")})
            b["n1"], b["n2"] = torch.nn.LayerNorm(d), torch.nn.LayerNorm(d)
            b["f1"], b["f2"] = torch.nn.Linear(d, ffn), torch.nn.Linear(ffn, d)
            s.blocks.append(b)

    def forward(s, x):
        L, d, h = s.L, s.d, s.h
        for b in s.blocks:
            q = b["q"](x).reshape(1, L, h, d // h).transpose(1, 2)
            k = b["k"](x).reshape(1, L, h, d // h).transpose(1, 2)
            v = b["v"](x).reshape(1, L, h, d // h).transpose(1, 2)
            a = torch.softmax(q @ k.transpose(2, 3) / (d // h) ** 0.5, dim=-1)
            y = (a @ v).transpose(1, 2).reshape(1, L, d)
            x = b["n1"](x + b["o"](y))
            x = b["n2"](x + b["f2"](torch.relu(b["f1"](x))))
        return x

    def attention_macs(s):  # Q.K^T and A.V: heads x L x L x d_head each, per block
        return len(s.blocks) * 2 * s.h * s.L * s.L * (s.d // s.h)


def model(name):
    torch.manual_seed(0)
    if name == "encoder":
        m = Encoder()
        return m, torch.randn(1, m.L, m.d), 17
    m = getattr(torchvision.models, name)()  # random weights: nothing is downloaded
    return m, torch.randn(1, 3, 224, 224), 14


def pytorch_macs(m, x):
    """MACs from the module shapes: Conv2d: outputs x (C_in / groups) x kh x kw; Linear:
    outputs x in_features; plus the encoder's attention products."""
    total = [0]

    def hook(mod, inp, out):
        if isinstance(mod, torch.nn.Conv2d):
            kh, kw = mod.kernel_size
            total[0] += out.numel() * (mod.in_channels // mod.groups) * kh * kw
        elif isinstance(mod, torch.nn.Linear):
            total[0] += out.numel() * mod.in_features

    handles = [mod.register_forward_hook(hook) for mod in m.modules()]
    with torch.no_grad():
        m(x)
    for h in handles:
        h.remove()
    return total[0] + (m.attention_macs() if isinstance(m, Encoder) else 0)


def main(name):
    m, x, opset = model(name)
    m.eval()
    want = pytorch_macs(m, x)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, name + ".onnx")
        torch.onnx.export(m, x, path, opset_version=opset)
        csv = os.path.join(tmp, name + ".csv")
        subprocess.run([SASIM, "import", path, "--out", csv], check=True)
        shipped = os.path.join(ROOT, "workloads", "imported", name + ".csv")
        with open(csv) as a, open(shipped) as b:
            fresh, kept = a.read(), b.read()
        if fresh != kept:
            print("FAIL: %s differs from a fresh import of the export (regenerate with "
                  "tests/models/export_test.py --write %s)" % (shipped, name))
            return 1
        out = os.path.join(tmp, "out")
        subprocess.run([SASIM, "run", "--workload", path, "--set", "dram.model=bandwidth",
                        "--out", out, "--quiet"], check=True)
        with open(os.path.join(out, "summary.json")) as f:
            got = json.load(f)["total_macs"]
    print("%s: sasim %d MACs, PyTorch module shapes %d MACs" % (name, got, want))
    if got != want:
        print("FAIL: MAC totals differ")
        return 1
    print("1 passed, 0 failed")
    return 0


def write(name):
    """Regenerates workloads/imported/<name>.csv from a fresh export."""
    m, x, opset = model(name)
    m.eval()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, name + ".onnx")
        torch.onnx.export(m, x, path, opset_version=opset)
        subprocess.run([SASIM, "import", path, "--out",
                        os.path.join(ROOT, "workloads", "imported", name + ".csv")], check=True)


if __name__ == "__main__":
    if sys.argv[1] == "--write":
        sys.exit(write(sys.argv[2]))
    sys.exit(main(sys.argv[1]))
