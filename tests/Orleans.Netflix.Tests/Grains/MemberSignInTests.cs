using Microsoft.AspNetCore.Identity;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Grains;

/// <summary>A member's email and password hash, and the email index that keeps one email to one member.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MemberSignInTests(ClusterFixture fixture)
{
    private static readonly MemberProfile Ana = new("Ana Lima", "BR", "pt-BR", MaturityRating.Age16);
    private static readonly PasswordHasher<string> Hasher = new();

    private static string Hash(string password) => Hasher.HashPassword("member", password);

    /// <summary>A unique address per test, so tests sharing the cluster never contend for one email.</summary>
    private static string NewEmail() => $"ana.{Guid.NewGuid():N}@example.com";

    private async Task<IMemberGrain> NewMember()
    {
        var member = fixture.Client.GetGrain<IMemberGrain>($"member-{Guid.NewGuid():N}");
        await member.Register(Ana, PlanTier.Standard, []);
        return member;
    }

    private IMemberEmailGrain Index(string email) => fixture.Client.GetGrain<IMemberEmailGrain>(MemberEmails.Normalize(email));

    [Fact]
    public async Task SetSignIn_ThenSignIn_ReturnsTheHash_AndTheIndexNamesTheMember()
    {
        var member = await NewMember();
        var email = NewEmail();
        var hash = Hash("correct horse battery");

        await member.SetSignIn(new MemberSignIn(email, hash));

        var signIn = await member.SignIn();
        Assert.NotNull(signIn);
        Assert.Equal(email, signIn.Email);
        Assert.Equal(hash, signIn.PasswordHash);
        Assert.Equal(member.GetPrimaryKeyString(), await Index(email).Owner());
        var view = await member.Get();
        Assert.Equal(email, view!.Email);
    }

    [Fact]
    public async Task TheStateHoldsAHashThatVerifies_NeverThePassword()
    {
        var member = await NewMember();
        const string password = "correct horse battery";

        await member.SetSignIn(new MemberSignIn(NewEmail(), Hash(password)));

        var signIn = await member.SignIn();
        Assert.NotEqual(password, signIn!.PasswordHash);
        Assert.DoesNotContain(password, signIn.PasswordHash);
        Assert.Equal(PasswordVerificationResult.Success, Hasher.VerifyHashedPassword("member", signIn.PasswordHash, password));
        Assert.Equal(PasswordVerificationResult.Failed, Hasher.VerifyHashedPassword("member", signIn.PasswordHash, "wrong horse battery"));
    }

    [Fact]
    public async Task TheEmailIsStoredNormalized()
    {
        var member = await NewMember();
        var email = NewEmail();

        await member.SetSignIn(new MemberSignIn($"  {email.ToUpperInvariant()} ", Hash("password-1")));

        Assert.Equal(email, (await member.SignIn())!.Email);
        Assert.Equal(member.GetPrimaryKeyString(), await Index(email).Owner());
    }

    [Theory]
    [InlineData("")]
    [InlineData(" SHOUTED ")]
    [InlineData("\t")]
    public async Task AnotherMember_ClaimingTheSameEmail_InAnyCaseOrSpacing_IsRefused_AndTheFirstKeepsIt(string variant)
    {
        var first = await NewMember();
        var second = await NewMember();
        var email = NewEmail();
        await first.SetSignIn(new MemberSignIn(email, Hash("password-1")));
        await second.SetSignIn(new MemberSignIn(NewEmail(), Hash("password-2")));
        var secondBefore = await second.SignIn();

        var taken = variant.Trim() == "SHOUTED" ? $" {email.ToUpperInvariant()} " : $"{variant}{email}{variant}";
        await Assert.ThrowsAsync<EmailTakenException>(() => second.SetSignIn(new MemberSignIn(taken, Hash("password-2"))));

        Assert.Equal(first.GetPrimaryKeyString(), await Index(email).Owner());
        Assert.Equal(email, (await first.SignIn())!.Email);
        Assert.Equal(secondBefore, await second.SignIn()); // the refused member is unchanged
    }

    [Fact]
    public async Task ChangingTheEmail_ReleasesTheOldOne_ForAnotherMember()
    {
        var first = await NewMember();
        var second = await NewMember();
        var (old, next) = (NewEmail(), NewEmail());
        await first.SetSignIn(new MemberSignIn(old, Hash("password-1")));

        await first.SetSignIn(new MemberSignIn(next, Hash("password-1")));

        Assert.Null(await Index(old).Owner());
        Assert.Equal(first.GetPrimaryKeyString(), await Index(next).Owner());
        Assert.Equal(next, (await first.Get())!.Email);
        await second.SetSignIn(new MemberSignIn(old, Hash("password-2"))); // free again
        Assert.Equal(second.GetPrimaryKeyString(), await Index(old).Owner());
    }

    [Fact]
    public async Task ChangingOnlyThePassword_KeepsTheEmailClaimed()
    {
        var member = await NewMember();
        var email = NewEmail();
        await member.SetSignIn(new MemberSignIn(email, Hash("password-1")));
        var newHash = Hash("password-2");

        await member.SetSignIn(new MemberSignIn(email, newHash));

        Assert.Equal(newHash, (await member.SignIn())!.PasswordHash);
        Assert.Equal(member.GetPrimaryKeyString(), await Index(email).Owner());
    }

    [Fact]
    public async Task AStaleClaim_WhoseMemberUsesAnotherEmail_DoesNotLockTheEmail()
    {
        // As if a release had failed after the member's write: the index still names a member that moved on.
        var first = await NewMember();
        var second = await NewMember();
        var (stale, current) = (NewEmail(), NewEmail());
        await first.SetSignIn(new MemberSignIn(current, Hash("password-1")));
        await Index(stale).Claim(first.GetPrimaryKeyString());

        await second.SetSignIn(new MemberSignIn(stale, Hash("password-2")));

        Assert.Equal(second.GetPrimaryKeyString(), await Index(stale).Owner());
        Assert.Equal(first.GetPrimaryKeyString(), await Index(current).Owner());
    }

    [Fact]
    public async Task Release_ByAMemberThatDoesNotHoldIt_ChangesNothing()
    {
        var member = await NewMember();
        var email = NewEmail();
        await member.SetSignIn(new MemberSignIn(email, Hash("password-1")));

        await Index(email).Release("someone-else");

        Assert.Equal(member.GetPrimaryKeyString(), await Index(email).Owner());
    }

    [Theory]
    [InlineData("ana")]
    [InlineData("ana@")]
    [InlineData("@example.com")]
    [InlineData("ana@example")]
    [InlineData("ana@.example.com")]
    [InlineData("ana@example.com.")]
    [InlineData("ana@@example.com")]
    [InlineData("a@b@example.com")]
    [InlineData("ana lima@example.com")]
    [InlineData("ana\u0000@example.com")]
    [InlineData("")]
    [InlineData("   ")]
    public async Task BadEmails_AreRefused_AndNothingIsStored(string email)
    {
        var member = await NewMember();

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => member.SetSignIn(new MemberSignIn(email, Hash("password-1"))));

        Assert.StartsWith("invalid email", error.Message);
        Assert.Null(await member.SignIn());
        Assert.Null((await member.Get())!.Email);
    }

    [Fact]
    public void Normalize_TrimsAndLowers_AndCapsTheLength()
    {
        Assert.Equal("ana.lima@example.com", MemberEmails.Normalize("  Ana.Lima@Example.COM\t"));
        var longest = new string('a', MemberEmails.MaxLength - "@example.com".Length) + "@example.com";
        Assert.Equal(longest, MemberEmails.Normalize(longest));
        var error = Assert.Throws<ArgumentException>(() => MemberEmails.Normalize("a" + longest));
        Assert.Contains($"longer than {MemberEmails.MaxLength}", error.Message);
        Assert.Equal("m-00001@example.com", MemberEmails.SeededEmail("m-00001"));
        Assert.True(MemberEmails.DemoPassword.Length >= MemberEmails.MinPasswordLength);
    }

    [Theory]
    [InlineData("")]
    [InlineData("correct horse battery")] // a password, not base64
    [InlineData("c2hvcnQ=")] // base64, but too short to be a hash
    public async Task SomethingThatIsNotAHash_IsRefused(string hash)
    {
        var member = await NewMember();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => member.SetSignIn(new MemberSignIn(NewEmail(), hash)));

        Assert.Contains("password hash", error.Message);
        Assert.Null(await member.SignIn());
    }

    [Fact]
    public async Task AnUnknownMember_HasNoSignIn_AndCannotSetOne_NorClaimTheEmail()
    {
        var member = fixture.Client.GetGrain<IMemberGrain>($"member-{Guid.NewGuid():N}");
        var email = NewEmail();

        Assert.Null(await member.SignIn());
        await Assert.ThrowsAsync<NotFoundException>(() => member.SetSignIn(new MemberSignIn(email, Hash("password-1"))));

        Assert.Null(await Index(email).Owner());
        Assert.Null(await member.Get());
    }

    [Fact]
    public async Task TheIndex_RefusesAKeyThatIsNotANormalizedEmail()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Client.GetGrain<IMemberEmailGrain>("Ana@Example.com").Claim("m-1"));
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Client.GetGrain<IMemberEmailGrain>("not-an-email").Claim("m-1"));
    }

    [Fact]
    public async Task ImportedMembers_WithASignIn_CanBeFoundByEmail_AndSignIn()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var hash = Hash(MemberEmails.DemoPassword); // one hash for all, as the seed does
        var records = Enumerable.Range(1, 20)
            .Select(i => $"imp-{run}-{i}")
            .Select(id => new MemberRecord(id, Ana, PlanTier.Basic, [], new MemberSignIn(MemberEmails.SeededEmail(id), hash)))
            .ToArray();

        Assert.Equal(records.Length, await fixture.Client.GetGrain<ICatalogImportGrain>(ImportKeys.Default).ImportMembers(records));

        foreach (var record in records)
        {
            var owner = await Index(MemberEmails.SeededEmail(record.MemberId)).Owner();
            Assert.Equal(record.MemberId, owner);
            var signIn = await fixture.Client.GetGrain<IMemberGrain>(owner!).SignIn();
            Assert.Equal(PasswordVerificationResult.Success, Hasher.VerifyHashedPassword(owner!, signIn!.PasswordHash, MemberEmails.DemoPassword));
            Assert.Equal(1, (await fixture.Client.GetGrain<IMemberGrain>(owner!).Get())!.Version); // profile and sign-in in one write
        }

        // Importing again (a re-seed) updates in place and keeps every claim.
        Assert.Equal(records.Length, await fixture.Client.GetGrain<ICatalogImportGrain>(ImportKeys.Default).ImportMembers(records));
        Assert.Equal(records[0].MemberId, await Index(MemberEmails.SeededEmail(records[0].MemberId)).Owner());
    }

    [Fact]
    public async Task ImportMembers_WithoutASignIn_KeepsTheMembersSignIn()
    {
        var member = await NewMember();
        var email = NewEmail();
        await member.SetSignIn(new MemberSignIn(email, Hash("password-1")));

        await fixture.Client.GetGrain<ICatalogImportGrain>(ImportKeys.Default)
            .ImportMembers([new MemberRecord(member.GetPrimaryKeyString(), Ana with { Name = "Ana L." }, PlanTier.Premium, [])]);

        Assert.Equal(email, (await member.Get())!.Email);
        Assert.Equal("Ana L.", (await member.Get())!.Profile.Name);
    }

    [Fact]
    public async Task ImportMembers_TwoRecordsWithOneEmail_RefusesTheBatch_BeforeAnyWrite()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var email = NewEmail();
        var hash = Hash("password-1");
        MemberRecord[] records =
        [
            new($"dup-{run}-1", Ana, PlanTier.Basic, [], new MemberSignIn(email, hash)),
            new($"dup-{run}-2", Ana, PlanTier.Basic, [], new MemberSignIn(email.ToUpperInvariant(), hash)),
        ];

        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Client.GetGrain<ICatalogImportGrain>(ImportKeys.Default).ImportMembers(records));

        Assert.Null(await Index(email).Owner());
        Assert.Null(await fixture.Client.GetGrain<IMemberGrain>(records[0].MemberId).Get());
    }

    [Fact]
    public async Task ImportMembers_OfAnEmailAnotherMemberHolds_FailsThatMember_AndTheHolderKeepsIt()
    {
        var holder = await NewMember();
        var email = NewEmail();
        await holder.SetSignIn(new MemberSignIn(email, Hash("password-1")));
        var id = $"late-{Guid.NewGuid():N}";

        await Assert.ThrowsAsync<EmailTakenException>(() => fixture.Client.GetGrain<ICatalogImportGrain>(ImportKeys.Default)
            .ImportMembers([new MemberRecord(id, Ana, PlanTier.Basic, [], new MemberSignIn(email, Hash("password-2")))]));

        Assert.Equal(holder.GetPrimaryKeyString(), await Index(email).Owner());
        Assert.Null(await fixture.Client.GetGrain<IMemberGrain>(id).Get()); // a refused import creates nothing
    }

    [Fact]
    public async Task ParallelClaimsOfOneEmail_LeaveExactlyOneHolder()
    {
        var members = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => NewMember()));
        var email = NewEmail();

        var outcomes = await Task.WhenAll(members.Select(async m =>
        {
            try
            {
                await m.SetSignIn(new MemberSignIn(email, Hash("password-1")));
                return true;
            }
            catch (EmailTakenException)
            {
                return false;
            }
        }));

        var winner = Assert.Single(members.Where((_, i) => outcomes[i]));
        Assert.Equal(winner.GetPrimaryKeyString(), await Index(email).Owner());
        foreach (var loser in members.Where((_, i) => !outcomes[i])) Assert.Null(await loser.SignIn());
    }
}
