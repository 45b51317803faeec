from functools import reduce
print(reduce(lambda acc, x: acc + x, range(10000000), 0))
