using Microsoft.AspNetCore.Identity;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Postgres;

/// <summary>A sign-in set in one region signs in everywhere: the member's hash and the email index are replicated.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MemberSignInReplicationTests(PostgresFixture fixture)
{
    private static readonly MemberProfile Ana = new("Ana Lima", "BR", "pt-BR", MaturityRating.Age16);

    [Fact]
    public async Task ASignInSetInOneRegion_IsFoundByEmail_AndHeld_InAnother()
    {
        await using var regions = await RegionClusters.CreateAsync(fixture, "repl_signin");
        await regions.StartAsync("us-east");
        await regions.StartAsync("eu-west");
        var (east, west) = (regions["us-east"].Client, regions["eu-west"].Client);
        var hash = new PasswordHasher<string>().HashPassword("m-ana", "correct horse battery");
        await east.GetGrain<IMemberGrain>("m-ana").Register(Ana, PlanTier.Standard, []);
        await east.GetGrain<IMemberGrain>("m-ana").SetSignIn(new MemberSignIn("ana@example.com", hash));

        // Acknowledged means copied: eu-west finds the member by email and verifies against the same hash.
        Assert.Equal("m-ana", await west.GetGrain<IMemberEmailGrain>("ana@example.com").Owner());
        Assert.Equal(new MemberSignIn("ana@example.com", hash), await west.GetGrain<IMemberGrain>("m-ana").SignIn());

        // The claim holds there too, and a change of email there frees the old one here.
        await west.GetGrain<IMemberGrain>("m-bob").Register(Ana with { Name = "Bob" }, PlanTier.Basic, []);
        await Assert.ThrowsAsync<EmailTakenException>(() => west.GetGrain<IMemberGrain>("m-bob").SetSignIn(new MemberSignIn("ANA@example.com", hash)));
        await west.GetGrain<IMemberGrain>("m-ana").SetSignIn(new MemberSignIn("ana.lima@example.com", hash));
        await Eventually.TrueAsync(async () => await east.GetGrain<IMemberEmailGrain>("ana@example.com").Owner() is null, seconds: 10);
        Assert.Equal("m-ana", await east.GetGrain<IMemberEmailGrain>("ana.lima@example.com").Owner());
        await Eventually.TrueAsync(async () => (await east.GetGrain<IMemberGrain>("m-ana").Get())!.Email == "ana.lima@example.com", seconds: 10);
    }
}
