#!/usr/bin/python3
"""Exports a random-weight CLIP ViT-B/32 (vision + text towers) in the layout of
Xenova/clip-vit-base-patch32's Transformers.js export, for benchmarks.

The weights are random, so the embeddings mean nothing, but every tensor has the
real model's shape, so a photo or a query costs what it costs with the real
model. Written for Debian's python3-torch (1.13, `apt install python3-torch
python3-onnx`); no internet needed. Attention is written out by hand because
torch 1.13's fused attention cannot be exported.

    /usr/bin/python3 bench/models/export_vitb32.py bench/cache/clip-vit-b32 [--tokenizer DIR]

Writes: onnx/vision_model.onnx (pixel_values [B,3,224,224] -> image_embeds [B,512]),
onnx/vision_model_int8.onnx (the same, MatMul weights int8, dynamic quantization),
onnx/text_model.onnx (input_ids, attention_mask [B,S], S dynamic up to 77 ->
text_embeds [B,512]), config.json, preprocessor_config.json (224, bicubic,
centre crop) and the CLIP tokenizer files.
"""
import argparse
import json
import math
import os
import shutil
import sys

import numpy as np
import torch
import torch.nn as nn

VISION = dict(width=768, layers=12, heads=12, mlp=3072, patch=32, image=224)
TEXT = dict(width=512, layers=12, heads=8, mlp=2048, vocab=49408, ctx=77)
EMBED = 512


class QuickGELU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class Attention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.q_proj = nn.Linear(width, width)
        self.k_proj = nn.Linear(width, width)
        self.v_proj = nn.Linear(width, width)
        self.out_proj = nn.Linear(width, width)

    def forward(self, x, bias=None):
        b, s, w = x.shape
        h = self.heads
        d = w // h

        def split(t):
            return t.reshape(b, s, h, d).transpose(1, 2)  # [B,H,S,d]

        q = split(self.q_proj(x)) * (d ** -0.5)
        k = split(self.k_proj(x))
        v = split(self.v_proj(x))
        att = torch.matmul(q, k.transpose(-1, -2))
        if bias is not None:
            att = att + bias
        att = torch.softmax(att, dim=-1)
        out = torch.matmul(att, v).transpose(1, 2).reshape(b, s, w)
        return self.out_proj(out)


class Block(nn.Module):
    def __init__(self, width, heads, mlp):
        super().__init__()
        self.layer_norm1 = nn.LayerNorm(width, eps=1e-5)
        self.self_attn = Attention(width, heads)
        self.layer_norm2 = nn.LayerNorm(width, eps=1e-5)
        self.mlp = nn.Sequential(nn.Linear(width, mlp), QuickGELU(), nn.Linear(mlp, width))

    def forward(self, x, bias=None):
        x = x + self.self_attn(self.layer_norm1(x), bias)
        return x + self.mlp(self.layer_norm2(x))


class Vision(nn.Module):
    def __init__(self, c=VISION):
        super().__init__()
        w = c["width"]
        n = (c["image"] // c["patch"]) ** 2 + 1
        self.patch = nn.Conv2d(3, w, c["patch"], c["patch"], bias=False)
        self.cls = nn.Parameter(torch.randn(w) * 0.02)
        self.pos = nn.Parameter(torch.randn(n, w) * 0.02)
        self.pre = nn.LayerNorm(w, eps=1e-5)
        self.blocks = nn.ModuleList([Block(w, c["heads"], c["mlp"]) for _ in range(c["layers"])])
        self.post = nn.LayerNorm(w, eps=1e-5)
        self.proj = nn.Linear(w, EMBED, bias=False)

    def forward(self, pixel_values):
        x = self.patch(pixel_values).flatten(2).transpose(1, 2)  # [B,49,768]
        cls = self.cls.expand(x.shape[0], 1, -1)
        x = self.pre(torch.cat([cls, x], dim=1) + self.pos)
        for blk in self.blocks:
            x = blk(x)
        return self.proj(self.post(x[:, 0])), x


class Text(nn.Module):
    def __init__(self, c=TEXT):
        super().__init__()
        w = c["width"]
        self.tok = nn.Embedding(c["vocab"], w)
        self.pos = nn.Parameter(torch.randn(c["ctx"], w) * 0.01)
        self.blocks = nn.ModuleList([Block(w, c["heads"], c["mlp"]) for _ in range(c["layers"])])
        self.final = nn.LayerNorm(w, eps=1e-5)
        self.proj = nn.Linear(w, EMBED, bias=False)

    def forward(self, input_ids, attention_mask):
        s = input_ids.shape[1]
        x = self.tok(input_ids) + self.pos[:s]
        i = torch.arange(s, device=input_ids.device)
        causal = (i.unsqueeze(0) > i.unsqueeze(1)).to(torch.float32)  # [S,S]: 1 = a later token, masked
        pad = (1.0 - attention_mask.to(torch.float32))[:, None, None, :]
        bias = torch.clamp(causal[None, None] + pad, max=1.0) * -1e9
        for blk in self.blocks:
            x = blk(x, bias)
        x = self.final(x)
        # Pool at the end-of-text token: the highest id (HF CLIPTextModel's argmax).
        eos = input_ids.to(torch.int32).argmax(dim=-1)
        sel = (i.unsqueeze(0) == eos.unsqueeze(1)).to(torch.float32)  # [B,S]
        pooled = torch.bmm(sel.unsqueeze(1), x).squeeze(1)
        return self.proj(pooled), x


def init(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "layer_norm" in name or name.startswith(("pre.", "post.", "final.")):
                p.fill_(1.0 if name.endswith("weight") else 0.0)
            elif p.dim() >= 2:
                p.normal_(0, 0.02, generator=g)
            else:
                p.normal_(0, 0.01, generator=g)


def quantize_matmuls(src, dst):
    """Dynamic int8 quantization of every MatMul by a constant weight, the way
    onnxruntime's quantize_dynamic does it (which this machine lacks):
    DynamicQuantizeLinear(x) -> MatMulInteger(x_u8, W_s8) -> Cast -> Mul(scale).
    Weights are symmetric per output column."""
    import onnx
    from onnx import helper, numpy_helper, TensorProto

    m = onnx.load(src)
    g = m.graph
    inits = {t.name: t for t in g.initializer}
    nodes = []
    done = 0
    for node in g.node:
        w = inits.get(node.input[1]) if node.op_type == "MatMul" and len(node.input) == 2 else None
        if w is None or len(w.dims) != 2:
            nodes.append(node)
            continue
        wf = numpy_helper.to_array(w).astype(np.float32)
        scale = np.maximum(np.abs(wf).max(axis=0), 1e-12) / 127.0
        wq = np.clip(np.round(wf / scale), -127, 127).astype(np.int8)
        p = f"{node.name or node.output[0]}_q"
        g.initializer.extend([
            numpy_helper.from_array(wq, p + "_W"),
            numpy_helper.from_array(scale.astype(np.float32), p + "_Wscale"),
            numpy_helper.from_array(np.array(0, dtype=np.int8), p + "_Wzp"),
        ])
        nodes += [
            helper.make_node("DynamicQuantizeLinear", [node.input[0]], [p + "_x", p + "_xs", p + "_xzp"], name=p + "_dql"),
            helper.make_node("MatMulInteger", [p + "_x", p + "_W", p + "_xzp", p + "_Wzp"], [p + "_yi"], name=p + "_mmi"),
            helper.make_node("Cast", [p + "_yi"], [p + "_yf"], to=TensorProto.FLOAT, name=p + "_cast"),
            helper.make_node("Mul", [p + "_xs", p + "_Wscale"], [p + "_s"], name=p + "_scale"),
            helper.make_node("Mul", [p + "_yf", p + "_s"], [node.output[0]], name=p + "_mul"),
        ]
        done += 1
    used = {i for n in nodes for i in n.input}
    keep = [t for t in g.initializer if t.name in used]
    del g.initializer[:]
    g.initializer.extend(keep)
    del g.node[:]
    g.node.extend(nodes)
    onnx.checker.check_model(m)
    onnx.save(m, dst)
    return done


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--tokenizer", default=os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "clip-tokenizer"))
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    torch.manual_seed(args.seed)

    vision, text = Vision().eval(), Text().eval()
    init(vision, args.seed)
    init(text, args.seed + 1)
    vpath = os.path.join(out, "onnx", "vision_model.onnx")
    tpath = os.path.join(out, "onnx", "text_model.onnx")
    with torch.no_grad():
        torch.onnx.export(vision, (torch.zeros(2, 3, 224, 224),), vpath, opset_version=14,
                          input_names=["pixel_values"], output_names=["image_embeds", "last_hidden_state"],
                          dynamic_axes={"pixel_values": {0: "batch_size"}, "image_embeds": {0: "batch_size"},
                                        "last_hidden_state": {0: "batch_size"}})
        ids = torch.tensor([[49406, 320, 1125, 539, 320, 2368, 49407], [49406, 320, 2368, 49407, 49407, 49407, 49407]])
        mask = (torch.arange(7)[None] < torch.tensor([[7], [4]])).long()
        torch.onnx.export(text, (ids, mask), tpath, opset_version=14,
                          input_names=["input_ids", "attention_mask"], output_names=["text_embeds", "last_hidden_state"],
                          dynamic_axes={"input_ids": {0: "batch_size", 1: "sequence_length"},
                                        "attention_mask": {0: "batch_size", 1: "sequence_length"},
                                        "text_embeds": {0: "batch_size"},
                                        "last_hidden_state": {0: "batch_size", 1: "sequence_length"}})
    n = quantize_matmuls(vpath, os.path.join(out, "onnx", "vision_model_int8.onnx"))
    print(f"quantized {n} MatMuls of the vision tower to int8", file=sys.stderr)

    config = {
        "_name_or_path": "shoebox/clip-vit-base-patch32-random (benchmark model, random weights)",
        "architectures": ["CLIPModel"], "model_type": "clip", "projection_dim": EMBED,
        "logit_scale_init_value": 2.6592, "initializer_factor": 1.0,
        "text_config": {"model_type": "clip_text_model", "vocab_size": TEXT["vocab"], "hidden_size": TEXT["width"],
                        "intermediate_size": TEXT["mlp"], "num_attention_heads": TEXT["heads"],
                        "num_hidden_layers": TEXT["layers"], "max_position_embeddings": TEXT["ctx"],
                        "hidden_act": "quick_gelu", "projection_dim": EMBED, "bos_token_id": 49406,
                        "eos_token_id": 49407, "pad_token_id": 1, "layer_norm_eps": 1e-5},
        "vision_config": {"model_type": "clip_vision_model", "image_size": VISION["image"], "num_channels": 3,
                          "hidden_size": VISION["width"], "intermediate_size": VISION["mlp"],
                          "num_attention_heads": VISION["heads"], "num_hidden_layers": VISION["layers"],
                          "patch_size": VISION["patch"], "hidden_act": "quick_gelu", "projection_dim": EMBED,
                          "layer_norm_eps": 1e-5},
        "torch_dtype": "float32", "transformers_version": "4.40.0",
    }
    pre = {
        "crop_size": {"height": 224, "width": 224}, "do_center_crop": True, "do_convert_rgb": True,
        "do_normalize": True, "do_rescale": True, "do_resize": True,
        "feature_extractor_type": "CLIPFeatureExtractor", "image_processor_type": "CLIPImageProcessor",
        "image_mean": [0.48145466, 0.4578275, 0.40821073], "image_std": [0.26862954, 0.26130258, 0.27577711],
        "resample": 3, "rescale_factor": 0.00392156862745098, "size": {"shortest_edge": 224},
    }
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    with open(os.path.join(out, "preprocessor_config.json"), "w") as f:
        json.dump(pre, f, indent=2)
    for name in ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.json", "merges.txt"]:
        src = os.path.join(args.tokenizer, name)
        if os.path.exists(src):
            shutil.copyfile(src, os.path.join(out, name))
    print(out)


if __name__ == "__main__":
    main()
