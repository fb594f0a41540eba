print("tongcheng-bench: not yet")
