using MathNet.Numerics.LinearAlgebra;

namespace Orleans.Netflix.Grains.Personalization.Recommendations;

/// <summary>
/// Implicit-feedback matrix factorization by alternating least squares (Hu, Koren and Volinsky, "Collaborative Filtering for
/// Implicit Feedback Datasets", 2008): every member u and title i get a vector of <see cref="ImplicitAlsOptions.Factors"/>,
/// fitted so that x_u·y_i is near 1 where u played i and near 0 elsewhere, each cell weighed by its confidence
/// c_ui = 1 + α·w_ui (w = 1 + ln plays; unplayed cells weigh 1), with an L2 penalty λ. Each pass solves every member's vector
/// exactly with the titles' fixed, then every title's with the members' fixed; the trick that makes it cheap is that
/// YᵀC_uY = YᵀY + Yᵀ(C_u − I)Y, where only the titles u played are in the second term. The f×f systems are solved by
/// Cholesky (MathNet.Numerics). Cost per pass: Σ plays × f² + (members + titles) × f³/3.
/// <para>
/// Scoring folds a history in the same way (one member step against the trained title vectors), so it takes a history rather
/// than a member id and a new play counts at once; titles are ranked by x·y_i, played ones never returned, and a member
/// with no known history gets <see cref="PopularityModel"/>. Training is parallel and repeats exactly for a seed (each
/// vector's solve depends only on the previous pass). Immutable once trained, so safe to share between threads.
/// </para>
/// </summary>
public sealed class ImplicitAlsModel : ITitleRecommender
{
    private readonly InteractionMatrix _matrix;
    private readonly ImplicitAlsOptions _options;
    private readonly double[] _titleFactors;
    private readonly double[] _gram;

    private ImplicitAlsModel(InteractionMatrix matrix, ImplicitAlsOptions options, double[] titleFactors, PopularityModel popularity)
    {
        _matrix = matrix;
        _options = options;
        _titleFactors = titleFactors;
        _gram = Gram(titleFactors, options.Factors);
        Popularity = popularity;
    }

    public PopularityModel Popularity { get; }

    public IReadOnlyList<string> Titles => _matrix.Titles;

    public int Factors => _options.Factors;

    /// <summary>A title's vector (a copy); empty for an unknown title.</summary>
    public double[] TitleVector(string titleId) =>
        _matrix.TryIndex(titleId, out var index) ? _titleFactors.AsSpan(index * Factors, Factors).ToArray() : [];

    public static ImplicitAlsModel Train(ImplicitFeedback feedback, ImplicitAlsOptions? options = null,
        IReadOnlyDictionary<string, IReadOnlyCollection<string>>? membersByRegion = null)
    {
        options ??= ImplicitAlsOptions.Default;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Factors);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Iterations);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Alpha);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Lambda);
        var matrix = new InteractionMatrix(feedback);
        var f = options.Factors;
        var rows = matrix.Rows;
        var columns = new List<(int Index, float Weight)>[matrix.TitleCount];
        for (var t = 0; t < columns.Length; t++) columns[t] = [];
        for (var m = 0; m < rows.Length; m++)
        {
            foreach (var (title, weight) in rows[m]) columns[title].Add((m, weight));
        }
        var columnArrays = columns.Select(c => c.ToArray()).ToArray();

        var random = new Random(options.Seed);
        var titles = new double[matrix.TitleCount * f];
        for (var k = 0; k < titles.Length; k++) titles[k] = (random.NextDouble() - 0.5) * 0.02;
        var members = new double[rows.Length * f];
        for (var pass = 0; pass < options.Iterations; pass++)
        {
            SolveAll(rows, titles, members, options);
            SolveAll(columnArrays, members, titles, options);
        }
        return new ImplicitAlsModel(matrix, options, titles, PopularityModel.Train(matrix, membersByRegion));
    }

    public IReadOnlyList<Recommendation> Recommend(IReadOnlyDictionary<string, int> played, int count, string? region = null)
    {
        var row = _matrix.Row(played);
        var picked = new List<Recommendation>(Math.Max(0, count));
        var isPlayed = new bool[_matrix.TitleCount];
        foreach (var (title, _) in row) isPlayed[title] = true;
        if (row.Length > 0 && count > 0)
        {
            var f = Factors;
            var x = new double[f];
            Solve(row, _titleFactors, _gram, _options, new double[f * f], new double[f], x);
            var top = new TopN(count);
            for (var t = 0; t < _matrix.TitleCount; t++)
            {
                if (isPlayed[t]) continue;
                var score = 0.0;
                var y = _titleFactors.AsSpan(t * f, f);
                for (var k = 0; k < f; k++) score += x[k] * y[k];
                top.Offer(t, score);
            }
            picked.AddRange(top.Drain().Select(s => new Recommendation(_matrix.Titles[s.Index], s.Score)));
        }
        Popularity.Fill(picked, count, region, index => isPlayed[index] || played.ContainsKey(_matrix.Titles[index]));
        return picked;
    }

    /// <summary>One half-pass: each vector of <paramref name="solved"/> from its row of (other index, weight) against the fixed vectors.</summary>
    private static void SolveAll((int Index, float Weight)[][] rows, double[] fixedFactors, double[] solved, ImplicitAlsOptions options)
    {
        var f = options.Factors;
        var gram = Gram(fixedFactors, f);
        Parallel.For(0, rows.Length, () => (A: new double[f * f], B: new double[f], X: new double[f]), (r, _, scratch) =>
        {
            Solve(rows[r], fixedFactors, gram, options, scratch.A, scratch.B, scratch.X);
            scratch.X.CopyTo(solved, r * f);
            return scratch;
        }, _ => { });
    }

    private static double[] Gram(double[] factors, int f)
    {
        var gram = new double[f * f];
        var n = factors.Length / f;
        for (var i = 0; i < n; i++)
        {
            var y = factors.AsSpan(i * f, f);
            for (var a = 0; a < f; a++)
            {
                var ya = y[a];
                for (var b = a; b < f; b++) gram[a * f + b] += ya * y[b];
            }
        }
        for (var a = 0; a < f; a++) for (var b = 0; b < a; b++) gram[a * f + b] = gram[b * f + a];
        return gram;
    }

    /// <summary>x = (YᵀY + Σ (c−1)·y yᵀ + λI)⁻¹ Σ c·y over the row's entries (c = 1 + α·w); x = 0 for an empty row.</summary>
    private static void Solve(ReadOnlySpan<(int Index, float Weight)> row, double[] factors, double[] gram, ImplicitAlsOptions options, double[] a, double[] b, double[] x)
    {
        var f = options.Factors;
        if (row.Length == 0)
        {
            Array.Clear(x);
            return;
        }
        gram.CopyTo(a, 0);
        Array.Clear(b);
        foreach (var (index, weight) in row)
        {
            var c = 1 + options.Alpha * weight;
            var y = factors.AsSpan(index * f, f);
            for (var i = 0; i < f; i++)
            {
                var cy = (c - 1) * y[i];
                b[i] += c * y[i];
                var rowA = a.AsSpan(i * f, f);
                for (var j = i; j < f; j++) rowA[j] += cy * y[j];
            }
        }
        for (var i = 0; i < f; i++)
        {
            a[i * f + i] += options.Lambda;
            for (var j = 0; j < i; j++) a[i * f + j] = a[j * f + i];
        }
        // Symmetric, so column-major and row-major storage are the same matrix.
        var solution = Matrix<double>.Build.Dense(f, f, a).Cholesky().Solve(Vector<double>.Build.Dense(b));
        solution.CopyTo(Vector<double>.Build.Dense(x));
    }
}
