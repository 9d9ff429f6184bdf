print("kinglet: under construction")
