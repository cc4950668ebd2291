return await Orleans.Netflix.EdgeServer.EdgeProgram.RunAsync(args);
