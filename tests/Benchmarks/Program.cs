using Orleans.Netflix.Benchmarks;

// dotnet run -c Release --project tests/Benchmarks -- [MODE] [OPTIONS]; --help lists the modes, MODE --help a mode's options.
// Without a mode: no-op grain calls per second through an external client against member show / title show calls per second,
// same process, same run, and the ratio. Every mode exits 0 on success, 1 on failure, 2 on bad usage (BenchmarkApp).
return await BenchmarkApp.RunAsync(args);
