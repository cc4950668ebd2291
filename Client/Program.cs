using Orleans.Netflix.Client;

return await ClientProgram.RunAsync(args);
