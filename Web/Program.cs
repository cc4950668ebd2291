return await Orleans.Netflix.Web.WebProgram.RunAsync(args);
