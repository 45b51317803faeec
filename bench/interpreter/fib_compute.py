import time
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
def timed():
    start = time.perf_counter()
    fib(27)
    return time.perf_counter() - start
timed()
times = sorted(timed() for _ in range(5))
print(fib(27))
print(times[2])
