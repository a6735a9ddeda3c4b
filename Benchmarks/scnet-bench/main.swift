print("scnet-bench")
