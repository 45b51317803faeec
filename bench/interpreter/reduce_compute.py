import time
from functools import reduce
def timed():
    start = time.perf_counter()
    reduce(lambda acc, x: acc + x, range(10000000), 0)
    return time.perf_counter() - start
timed()
times = sorted(timed() for _ in range(5))
print(reduce(lambda acc, x: acc + x, range(10000000), 0))
print(times[2])
