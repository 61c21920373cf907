"""Writes the tiny ONNX models in this folder (test fixtures and fuzz seeds), with random or zero
weights: tiny_cnn.onnx (conv, relu, max-pool, grouped conv, sigmoid, residual add, global average
pooling, fc, softmax), tiny_encoder.onnx (a 2-head transformer encoder block: Q.K^T and A.V
MatMuls, layer norm, tanh FFN), tiny_alexnet.onnx (conv 11x11 s4, relu, LRN, max-pool, Gemm,
softmax at opset 11, written node by node since torch exports LRN as a decomposition) and
unsupported_torch_lrn.onnx (torch's decomposed LRN: ops sasim refuses). Run with Debian's
python3-torch and python3-onnx: /usr/bin/python3 make_tiny_models.py"""
import torch
torch.manual_seed(0)
class Cnn(torch.nn.Module):
    def __init__(s):
        super().__init__()
        s.c1 = torch.nn.Conv2d(3, 4, 3, padding=1); s.n = torch.nn.LocalResponseNorm(3)
        s.p = torch.nn.MaxPool2d(2); s.c2 = torch.nn.Conv2d(4, 4, 3, padding=1, groups=2)
        s.bn = torch.nn.BatchNorm2d(4); s.fc = torch.nn.Linear(4, 5)
    def forward(s, x):
        x = s.p(torch.relu(s.c1(x)))
        y = torch.sigmoid(s.bn(s.c2(x))) + x
        y = torch.nn.functional.adaptive_avg_pool2d(y, 1)
        return torch.softmax(s.fc(torch.flatten(y, 1)), dim=1)
class Enc(torch.nn.Module):
    def __init__(s, d=8, h=2, f=16, L=4):
        super().__init__()
        s.d, s.h, s.L = d, h, L
        s.q = torch.nn.Linear(d, d); s.k = torch.nn.Linear(d, d); s.v = torch.nn.Linear(d, d)
        s.o = torch.nn.Linear(d, d); s.n1 = torch.nn.LayerNorm(d)
        s.f1 = torch.nn.Linear(d, f); s.f2 = torch.nn.Linear(f, d)
    def forward(s, x):
        B, L, d, h = 1, s.L, s.d, s.h
        q = s.q(x).reshape(B, L, h, d // h).transpose(1, 2)
        k = s.k(x).reshape(B, L, h, d // h).transpose(1, 2)
        v = s.v(x).reshape(B, L, h, d // h).transpose(1, 2)
        a = torch.softmax(q @ k.transpose(2, 3) / (d // h) ** 0.5, dim=-1)
        y = (a @ v).transpose(1, 2).reshape(B, L, d)
        x = s.n1(x + s.o(y))
        return x + s.f2(torch.tanh(s.f1(x)))
torch.onnx.export(Cnn().eval(), torch.randn(1, 3, 8, 8), "tiny_cnn.onnx", opset_version=14)


class CnnLrn(Cnn):
    def forward(s, x):
        return s.c1(torch.nn.functional.local_response_norm(x, 3))


torch.onnx.export(CnnLrn().eval(), torch.randn(1, 3, 8, 8), "unsupported_torch_lrn.onnx", opset_version=14)
torch.onnx.export(Enc().eval(), torch.randn(1, 4, 8), "tiny_encoder.onnx", opset_version=17)

import numpy as np, onnx
from onnx import helper as h, TensorProto as T, numpy_helper as nh
# AlexNet's first block, small: conv 11x11 s4 -> relu -> LRN(5) -> maxpool 3x3 s2 -> flatten
# -> gemm -> softmax (opset 11: softmax over axis 1 of [N, classes]).
w = nh.from_array(np.zeros((8, 3, 11, 11), np.float32), "w")
fw = nh.from_array(np.zeros((10, 8 * 6 * 6), np.float32), "fw")
nodes = [h.make_node("Conv", ["x", "w"], ["c"], name="conv1", strides=[4, 4], kernel_shape=[11, 11]),
         h.make_node("Relu", ["c"], ["r"], name="relu1"),
         h.make_node("LRN", ["r"], ["n"], name="norm1", size=5, alpha=1e-4, beta=0.75, bias=1.0),
         h.make_node("MaxPool", ["n"], ["p"], name="pool1", kernel_shape=[3, 3], strides=[2, 2]),
         h.make_node("Flatten", ["p"], ["f"], name="flat"),
         h.make_node("Gemm", ["f", "fw"], ["g"], name="fc", transB=1),
         h.make_node("Softmax", ["g"], ["y"], name="prob", axis=1)]
g = h.make_graph(nodes, "tiny_alexnet", [h.make_tensor_value_info("x", T.FLOAT, ["batch", 3, 63, 63])],
                 [h.make_tensor_value_info("y", T.FLOAT, ["batch", 10])], [w, fw])
m = h.make_model(g, opset_imports=[h.make_opsetid("", 11)])
onnx.checker.check_model(m)
onnx.save(m, "tiny_alexnet.onnx")
