"""The baseline of `npm run bench -- finetune`: the same LoRA training as Flywheel's worker,
written as a bare transformers + PEFT script with no protocol around it.

Usage: python bare_peft_train.py <base.gguf> <train.jsonl> <steps> <batch> <lr> <threads> <seed>
Prints one JSON line: seconds per step, training tokens per second, peak memory.
"""

import json
import os
import random
import resource
import sys
import time

import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer

gguf, train_file, steps, batch_size, lr, threads, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
torch.set_num_threads(threads)
random.seed(seed)
torch.manual_seed(seed)
directory, name = os.path.split(os.path.abspath(gguf))
tokenizer = AutoTokenizer.from_pretrained(directory, gguf_file=name)
model = AutoModelForCausalLM.from_pretrained(directory, gguf_file=name, dtype=torch.float32)
pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id

examples = []
with open(train_file, encoding="utf-8") as handle:
    for line in handle:
        messages = json.loads(line)["messages"]
        prompt = tokenizer.apply_chat_template(messages[:-1], tokenize=False, add_generation_prompt=True)
        full = tokenizer.apply_chat_template(messages, tokenize=False)
        prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
        reply_ids = tokenizer(full[len(prompt):], add_special_tokens=False)["input_ids"]
        prompt_ids = prompt_ids[-(256 - len(reply_ids)):]
        examples.append((prompt_ids + reply_ids, [-100] * len(prompt_ids) + reply_ids))

model = get_peft_model(model, LoraConfig(r=8, lora_alpha=16, lora_dropout=0.05, target_modules=["q_proj", "v_proj"], task_type="CAUSAL_LM"))
optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=lr, weight_decay=0.0)
warmup = min(5, steps // 10)
model.train()
order, tokens = [], 0
started = time.time()
for step in range(steps):
    if not order:
        order = list(range(len(examples)))
        random.shuffle(order)
    batch = [examples[order.pop()] for _ in range(min(batch_size, len(order)))]
    width = max(len(ids) for ids, _ in batch)
    ids = torch.full((len(batch), width), pad, dtype=torch.long)
    labels = torch.full((len(batch), width), -100, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for row, (input_ids, label_ids) in enumerate(batch):
        ids[row, : len(input_ids)] = torch.tensor(input_ids)
        labels[row, : len(label_ids)] = torch.tensor(label_ids)
        mask[row, : len(input_ids)] = 1
    rate = lr * (step + 1) / (warmup + 1) if step < warmup else lr * max(0.1, 1 - (step - warmup) / max(1, steps - warmup))
    for group in optimizer.param_groups:
        group["lr"] = rate
    loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
    loss.backward()
    torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], 1.0)
    optimizer.step()
    optimizer.zero_grad(set_to_none=True)
    tokens += int(mask.sum())
elapsed = time.time() - started
print(json.dumps({"secondsPerStep": elapsed / steps, "tokensPerSecond": tokens / elapsed, "peakMemoryBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, "trainLoss": float(loss.detach()), "trainTokens": tokens}))
