#!/usr/bin/python3
"""The peer of fovea-bench-distributed: torchvision's model under PyTorch's
DistributedDataParallel (Gloo), the same synthetic steps and the same figures. Launched like
Fovea's program (RANK / WORLD_SIZE / MASTER_ADDR / MASTER_PORT, or alone)."""
import argparse
import os
import time

import torch
import torch.distributed as dist
import torch.nn.functional as F
import torchvision


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--arch", default="resnet18")
    parser.add_argument("--size", type=int, default=32)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    torch.manual_seed(0)
    model = getattr(torchvision.models, args.arch)(num_classes=10)
    model.train()
    ddp = None
    if world > 1:
        dist.init_process_group("gloo")
        ddp = torch.nn.parallel.DistributedDataParallel(model)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    torch.manual_seed(1 + rank)
    inputs = torch.randn(args.batch, 3, args.size, args.size)
    labels = torch.randint(0, 10, (args.batch,))

    def time_steps(share):
        start = 0.0
        for i in range(args.warmup + args.steps):
            if i == args.warmup:
                if ddp is not None:
                    dist.barrier()
                start = time.perf_counter()
            optimizer.zero_grad(set_to_none=True)
            if ddp is not None and share:
                loss = F.cross_entropy(ddp(inputs), labels)
            else:
                loss = F.cross_entropy(model(inputs), labels)
            loss.backward()
            optimizer.step()
        return (time.perf_counter() - start) * 1000.0 / args.steps

    shared = time_steps(True)
    alone = time_steps(False)
    if rank == 0:
        print(f"peer-ddp {args.arch} size={args.size} batch/rank={args.batch} ranks={world} "
              f"threads/rank={torch.get_num_threads()}: {1000.0 * world * args.batch / shared:.1f} "
              f"images/s (all ranks), step {shared:.1f} ms shared, {alone:.1f} ms alone, "
              f"communication {shared - alone:.1f} ms/step "
              f"({100.0 * (shared - alone) / shared:.0f} %)")
    if world > 1:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
