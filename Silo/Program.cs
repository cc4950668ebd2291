using Orleans.Netflix.Silo;

return await SiloProgram.RunAsync(args);
