using Orleans.Netflix.Client.Commands;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Client;

public static class ClientProgram
{
    public static Task<int> RunAsync(string[] args)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("Client");
            config.AddBranch("member", member =>
            {
                member.SetDescription("Members");
                member.AddCommand<MemberShowCommand>("show").WithExample("member", "show", "m-00001");
            });
            config.AddBranch("title", title =>
            {
                title.SetDescription("Titles");
                title.AddCommand<TitleShowCommand>("show").WithExample("title", "show", "t-00001");
            });
            config.AddCommand<BrowseCommand>("browse").WithExample("browse", "--member", "m-00001", "--genre", "Comedy", "--page", "2");
            config.AddCommand<SearchCommand>("search").WithExample("search", "silent harbor");
            config.AddCommand<GenresCommand>("genres");
            config.AddCommand<SeedCommand>("seed").WithExample("seed", "--titles", "5000", "--members", "10000");
        });
        return app.RunAsync(args);
    }
}
