package org.coalition.esnode;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ar.ArabicNormalizationFilter;
import org.apache.lucene.analysis.ar.ArabicStemFilter;
import org.apache.lucene.analysis.bg.BulgarianStemFilter;
import org.apache.lucene.analysis.bn.BengaliNormalizationFilter;
import org.apache.lucene.analysis.bn.BengaliStemFilter;
import org.apache.lucene.analysis.br.BrazilianStemFilter;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.ckb.SoraniNormalizationFilter;
import org.apache.lucene.analysis.ckb.SoraniStemFilter;
import org.apache.lucene.analysis.classic.ClassicFilter;
import org.apache.lucene.analysis.core.DecimalDigitFilter;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.core.TypeTokenFilter;
import org.apache.lucene.analysis.core.UpperCaseFilter;
import org.apache.lucene.analysis.cz.CzechStemFilter;
import org.apache.lucene.analysis.de.GermanLightStemFilter;
import org.apache.lucene.analysis.de.GermanMinimalStemFilter;
import org.apache.lucene.analysis.de.GermanNormalizationFilter;
import org.apache.lucene.analysis.el.GreekLowerCaseFilter;
import org.apache.lucene.analysis.el.GreekStemFilter;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.es.SpanishLightStemFilter;
import org.apache.lucene.analysis.es.SpanishPluralStemFilter;
import org.apache.lucene.analysis.fa.PersianNormalizationFilter;
import org.apache.lucene.analysis.fi.FinnishLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchMinimalStemFilter;
import org.apache.lucene.analysis.ga.IrishLowerCaseFilter;
import org.apache.lucene.analysis.gl.GalicianMinimalStemFilter;
import org.apache.lucene.analysis.gl.GalicianStemFilter;
import org.apache.lucene.analysis.hi.HindiNormalizationFilter;
import org.apache.lucene.analysis.hi.HindiStemFilter;
import org.apache.lucene.analysis.hu.HungarianLightStemFilter;
import org.apache.lucene.analysis.id.IndonesianStemFilter;
import org.apache.lucene.analysis.in.IndicNormalizationFilter;
import org.apache.lucene.analysis.it.ItalianLightStemFilter;
import org.apache.lucene.analysis.lv.LatvianStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;

import org.apache.lucene.analysis.miscellaneous.FingerprintFilter;
import org.apache.lucene.analysis.miscellaneous.KeepWordFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.miscellaneous.LimitTokenCountFilter;
import org.apache.lucene.analysis.miscellaneous.PatternKeywordMarkerFilter;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.miscellaneous.ScandinavianFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.ScandinavianNormalizationFilter;
import org.apache.lucene.analysis.miscellaneous.SetKeywordMarkerFilter;
import org.apache.lucene.analysis.miscellaneous.StemmerOverrideFilter;
import org.apache.lucene.analysis.miscellaneous.TrimFilter;
import org.apache.lucene.analysis.miscellaneous.TruncateTokenFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterIterator;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.no.NorwegianLightStemFilter;
import org.apache.lucene.analysis.no.NorwegianLightStemmer;
import org.apache.lucene.analysis.no.NorwegianMinimalStemFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceFilter;
import org.apache.lucene.analysis.pt.PortugueseLightStemFilter;
import org.apache.lucene.analysis.pt.PortugueseMinimalStemFilter;
import org.apache.lucene.analysis.pt.PortugueseStemFilter;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.apache.lucene.analysis.ru.RussianLightStemFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.sr.SerbianNormalizationFilter;
import org.apache.lucene.analysis.sv.SwedishLightStemFilter;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymFilter;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.synonym.WordnetSynonymParser;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tr.ApostropheFilter;
import org.apache.lucene.analysis.tr.TurkishLowerCaseFilter;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexService.IndexCreationContext;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.CustomAnalyzer;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.PreConfiguredTokenFilter;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.tartarus.snowball.ext.ArmenianStemmer;
import org.tartarus.snowball.ext.BasqueStemmer;
import org.tartarus.snowball.ext.CatalanStemmer;
import org.tartarus.snowball.ext.DanishStemmer;
import org.tartarus.snowball.ext.DutchStemmer;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.tartarus.snowball.ext.EstonianStemmer;
import org.tartarus.snowball.ext.FinnishStemmer;
import org.tartarus.snowball.ext.FrenchStemmer;
import org.tartarus.snowball.ext.GermanStemmer;
import org.tartarus.snowball.ext.HungarianStemmer;
import org.tartarus.snowball.ext.IrishStemmer;
import org.tartarus.snowball.ext.ItalianStemmer;
import org.tartarus.snowball.ext.LithuanianStemmer;
import org.tartarus.snowball.ext.LovinsStemmer;
import org.tartarus.snowball.ext.NorwegianStemmer;
import org.tartarus.snowball.ext.PortugueseStemmer;
import org.tartarus.snowball.ext.RomanianStemmer;
import org.tartarus.snowball.ext.RussianStemmer;
import org.tartarus.snowball.ext.SpanishStemmer;
import org.tartarus.snowball.ext.SwedishStemmer;
import org.tartarus.snowball.ext.TurkishStemmer;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** Token filters with Elasticsearch's names and parameters. */
final class TokenFilters {

    private TokenFilters() {}

    /** A filter whose wrapping function is fixed at construction. */
    static class Factory extends AbstractTokenFilterFactory {
        private final UnaryOperator<TokenStream> filter;
        private final boolean usableForSynonyms;

        Factory(String name, Settings settings, UnaryOperator<TokenStream> filter, boolean usableForSynonyms) {
            super(name, settings);
            this.filter = filter;
            this.usableForSynonyms = usableForSynonyms;
        }

        @Override
        public TokenStream create(TokenStream tokenStream) {
            return filter.apply(tokenStream);
        }

        @Override
        public TokenFilterFactory getSynonymFilter() {
            if (usableForSynonyms == false) {
                throw new IllegalArgumentException("Token filter [" + name() + "] cannot be used to parse synonyms");
            }
            return this;
        }
    }

    /** A filter that may also be used in normalizers (keyword fields). */
    static final class NormalizingFactory extends Factory implements NormalizingTokenFilterFactory {
        private final UnaryOperator<TokenStream> normalizer;

        NormalizingFactory(String name, Settings settings, UnaryOperator<TokenStream> filter, UnaryOperator<TokenStream> normalizer) {
            super(name, settings, filter, true);
            this.normalizer = normalizer;
        }

        @Override
        public TokenStream normalize(TokenStream tokenStream) {
            return normalizer.apply(tokenStream);
        }
    }

    @FunctionalInterface
    interface Maker {
        TokenFilterFactory make(IndexSettings indexSettings, Environment env, String name, Settings settings);
    }

    private static AnalysisProvider<TokenFilterFactory> provider(Maker maker) {
        return maker::make;
    }

    private static AnalysisProvider<TokenFilterFactory> requiringSettings(Maker maker) {
        return new AnalysisProvider<>() {
            @Override
            public TokenFilterFactory get(IndexSettings indexSettings, Environment env, String name, Settings settings) {
                return maker.make(indexSettings, env, name, settings);
            }

            @Override
            public boolean requiresAnalysisSettings() {
                return true;
            }
        };
    }

    private static AnalysisProvider<TokenFilterFactory> simple(UnaryOperator<TokenStream> filter) {
        return (is, env, name, s) -> new Factory(name, s, filter, true);
    }

    private static AnalysisProvider<TokenFilterFactory> normalizing(UnaryOperator<TokenStream> filter) {
        return (is, env, name, s) -> new NormalizingFactory(name, s, filter, filter);
    }

    static Map<String, AnalysisProvider<TokenFilterFactory>> providers() {
        Map<String, AnalysisProvider<TokenFilterFactory>> map = new LinkedHashMap<>();

        // --- case, folding, normalization (also usable in normalizers) ---
        map.put("lowercase", provider((is, env, name, s) -> {
            String language = s.get("language");
            UnaryOperator<TokenStream> f;
            if (language == null) {
                f = LowerCaseFilter::new;
            } else {
                f = switch (language.toLowerCase(Locale.ROOT)) {
                    case "greek" -> GreekLowerCaseFilter::new;
                    case "irish" -> IrishLowerCaseFilter::new;
                    case "turkish" -> TurkishLowerCaseFilter::new;
                    default -> throw new IllegalArgumentException("language [" + language + "] not support for lower case");
                };
            }
            return new NormalizingFactory(name, s, f, f);
        }));
        map.put("uppercase", normalizing(UpperCaseFilter::new));
        map.put("asciifolding", provider((is, env, name, s) -> {
            boolean preserveOriginal = s.getAsBoolean("preserve_original", false);
            return new NormalizingFactory(name, s, ts -> new ASCIIFoldingFilter(ts, preserveOriginal), ts -> new ASCIIFoldingFilter(ts, false));
        }));
        map.put("trim", normalizing(TrimFilter::new));
        map.put("elision", provider((is, env, name, s) -> {
            CharArraySet articles = Analysis.parseArticles(env, s);
            CharArraySet set = articles == null ? FrenchAnalyzer.DEFAULT_ARTICLES
                : s.getAsBoolean("articles_case", false) ? new CharArraySet(articles, true) : articles;
            return new NormalizingFactory(name, s, ts -> new ElisionFilter(ts, set), ts -> new ElisionFilter(ts, set));
        }));
        map.put("cjk_width", normalizing(CJKWidthFilter::new));
        map.put("decimal_digit", normalizing(DecimalDigitFilter::new));
        map.put("german_normalization", normalizing(GermanNormalizationFilter::new));
        map.put("scandinavian_folding", normalizing(ScandinavianFoldingFilter::new));
        map.put("scandinavian_normalization", normalizing(ScandinavianNormalizationFilter::new));
        map.put("arabic_normalization", normalizing(ArabicNormalizationFilter::new));
        map.put("persian_normalization", normalizing(PersianNormalizationFilter::new));
        map.put("sorani_normalization", normalizing(SoraniNormalizationFilter::new));
        map.put("hindi_normalization", normalizing(HindiNormalizationFilter::new));
        map.put("indic_normalization", normalizing(IndicNormalizationFilter::new));
        map.put("bengali_normalization", normalizing(BengaliNormalizationFilter::new));
        map.put("serbian_normalization", normalizing(SerbianNormalizationFilter::new));

        // --- stemming ---
        map.put("stemmer", provider((is, env, name, s) -> {
            String language = s.get("language", s.get("name", "porter"));
            return new Factory(name, s, stemmer(language), true);
        }));
        map.put("porter_stem", simple(PorterStemFilter::new));
        map.put("kstem", simple(KStemFilter::new));
        map.put("snowball", provider((is, env, name, s) -> {
            String language = s.get("language", "English");
            return new Factory(name, s, ts -> new SnowballFilter(ts, language), true);
        }));
        map.put("stemmer_override", requiringSettings((is, env, name, s) -> {
            List<String> rules = Analysis.getWordList(env, s, "rules");
            if (rules == null) {
                throw new IllegalArgumentException("stemmer override filter requires either `rules` or `rules_path` to be configured");
            }
            StemmerOverrideFilter.StemmerOverrideMap overrideMap;
            try {
                StemmerOverrideFilter.Builder builder = new StemmerOverrideFilter.Builder(false);
                for (String rule : rules) {
                    String[] sides = rule.split("=>", -1);
                    if (sides.length != 2 || sides[1].trim().isEmpty()) {
                        throw new IllegalArgumentException("Invalid Keyword override Rule:" + rule);
                    }
                    for (String key : sides[0].split(",")) {
                        if (key.trim().isEmpty() == false) {
                            builder.add(key.trim(), sides[1].trim());
                        }
                    }
                }
                overrideMap = builder.build();
            } catch (IOException e) {
                throw new IllegalArgumentException("failed to build stemmer override", e);
            }
            return new Factory(name, s, ts -> new StemmerOverrideFilter(ts, overrideMap), true);
        }));
        map.put("keyword_marker", requiringSettings((is, env, name, s) -> {
            String pattern = s.get("keywords_pattern");
            CharArraySet words = Analysis.getWordSet(env, s, "keywords");
            if (pattern != null && words != null) {
                throw new IllegalArgumentException("cannot specify both `keywords_pattern` and `keywords` or `keywords_path`");
            }
            if (pattern != null) {
                Pattern p = Pattern.compile(pattern);
                return new Factory(name, s, ts -> new PatternKeywordMarkerFilter(ts, p), true);
            }
            if (words == null) {
                throw new IllegalArgumentException("keyword filter requires either `keywords`, `keywords_path`, or `keywords_pattern` to be configured");
            }
            CharArraySet set = s.getAsBoolean("ignore_case", false) ? new CharArraySet(words, true) : words;
            return new Factory(name, s, ts -> new SetKeywordMarkerFilter(ts, set), true);
        }));

        // --- n-grams, shaping ---
        map.put("edge_ngram", provider((is, env, name, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            boolean preserveOriginal = s.getAsBoolean("preserve_original", false);
            boolean back = "back".equalsIgnoreCase(s.get("side", "front"));
            UnaryOperator<TokenStream> f = back
                ? ts -> new ReverseStringFilter(new EdgeNGramTokenFilter(new ReverseStringFilter(ts), min, max, preserveOriginal))
                : ts -> new EdgeNGramTokenFilter(ts, min, max, preserveOriginal);
            return new Factory(name, s, f, false);
        }));
        map.put("ngram", provider((is, env, name, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            Tokenizers.checkNgramDiff(is, min, max, "NGram Token Filter");
            boolean preserveOriginal = s.getAsBoolean("preserve_original", false);
            return new Factory(name, s, ts -> new NGramTokenFilter(ts, min, max, preserveOriginal), false);
        }));
        map.put("truncate", provider((is, env, name, s) -> {
            int length = s.getAsInt("length", 10);
            if (length <= 0) {
                throw new IllegalArgumentException("length parameter must be provided");
            }
            return new Factory(name, s, ts -> new TruncateTokenFilter(ts, length), true);
        }));
        map.put("length", provider((is, env, name, s) -> {
            int min = s.getAsInt("min", 0);
            int max = s.getAsInt("max", Integer.MAX_VALUE);
            return new Factory(name, s, ts -> new LengthFilter(ts, min, max), true);
        }));
        map.put("limit", provider((is, env, name, s) -> {
            int maxTokens = s.getAsInt("max_token_count", 1);
            boolean consumeAll = s.getAsBoolean("consume_all_tokens", false);
            return new Factory(name, s, ts -> new LimitTokenCountFilter(ts, maxTokens, consumeAll), true);
        }));
        map.put("reverse", simple(ReverseStringFilter::new));
        map.put("unique", provider((is, env, name, s) -> {
            boolean onlySamePosition = s.getAsBoolean("only_on_same_position", false);
            return new Factory(name, s, ts -> onlySamePosition ? new RemoveDuplicatesTokenFilter(ts) : new UniqueFilter(ts), true);
        }));
        map.put("remove_duplicates", simple(RemoveDuplicatesTokenFilter::new));
        map.put("fingerprint", provider((is, env, name, s) -> {
            String sep = s.get("separator", " ");
            if (sep.length() != 1) {
                throw new IllegalArgumentException("Setting [separator] must be a single, non-null character. [" + sep + "] was provided.");
            }
            int maxOutput = s.getAsInt("max_output_size", 255);
            return new Factory(name, s, ts -> new FingerprintFilter(ts, maxOutput, sep.charAt(0)), false);
        }));
        map.put("flatten_graph", simple(FlattenGraphFilter::new));
        map.put("classic", simple(ClassicFilter::new));
        map.put("apostrophe", simple(ApostropheFilter::new));
        map.put("cjk_bigram", simple(CJKBigramFilter::new));
        map.put("pattern_replace", requiringSettings((is, env, name, s) -> {
            String pattern = s.get("pattern");
            if (pattern == null) {
                throw new IllegalArgumentException("pattern is missing for [" + name + "] token filter of type 'pattern_replace'");
            }
            Pattern p = org.elasticsearch.common.regex.Regex.compile(pattern, s.get("flags"));
            String replacement = s.get("replacement", "");
            boolean all = s.getAsBoolean("all", true);
            return new Factory(name, s, ts -> new PatternReplaceFilter(ts, p, replacement, all), true);
        }));
        map.put("keep", requiringSettings((is, env, name, s) -> {
            CharArraySet words = Analysis.getWordSet(env, s, "keep_words");
            if (words == null) {
                throw new IllegalArgumentException("keep requires either `keep_words` or `keep_words_path` to be configured");
            }
            CharArraySet set = s.getAsBoolean("keep_words_case", false) ? new CharArraySet(words, true) : words;
            return new Factory(name, s, ts -> new KeepWordFilter(ts, set), true);
        }));
        map.put("keep_types", requiringSettings((is, env, name, s) -> {
            Set<String> types = new HashSet<>(s.getAsList("types"));
            boolean include = "exclude".equals(s.get("mode", "include")) == false;
            return new Factory(name, s, ts -> new TypeTokenFilter(ts, types, include), true);
        }));
        map.put("word_delimiter_graph", provider((is, env, name, s) -> {
            int flags = wordDelimiterFlags(s);
            CharArraySet protWords = Analysis.getWordSet(env, s, "protected_words");
            boolean adjustOffsets = s.getAsBoolean("adjust_offsets", true);
            return new Factory(
                name,
                s,
                ts -> new WordDelimiterGraphFilter(ts, adjustOffsets, WordDelimiterIterator.DEFAULT_WORD_DELIM_TABLE, flags, protWords),
                false
            );
        }));
        map.put("word_delimiter", provider((is, env, name, s) -> {
            int flags = wordDelimiterFlags(s);
            CharArraySet protWords = Analysis.getWordSet(env, s, "protected_words");
            return new Factory(name, s, ts -> new WordDelimiterFilter(ts, WordDelimiterIterator.DEFAULT_WORD_DELIM_TABLE, flags, protWords), false);
        }));

        // --- synonyms (parsed with the analysis chain that precedes them, as in Elasticsearch) ---
        map.put("synonym", requiringSettings((is, env, name, s) -> new SynonymFactory(name, s, env, false)));
        map.put("synonym_graph", requiringSettings((is, env, name, s) -> new SynonymFactory(name, s, env, true)));
        return map;
    }

    static List<PreConfiguredTokenFilter> preConfigured() {
        return new ArrayList<>();
    }

    private static int wordDelimiterFlags(Settings s) {
        int flags = 0;
        flags |= flag(s, "generate_word_parts", true, WordDelimiterGraphFilter.GENERATE_WORD_PARTS);
        flags |= flag(s, "generate_number_parts", true, WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS);
        flags |= flag(s, "catenate_words", false, WordDelimiterGraphFilter.CATENATE_WORDS);
        flags |= flag(s, "catenate_numbers", false, WordDelimiterGraphFilter.CATENATE_NUMBERS);
        flags |= flag(s, "catenate_all", false, WordDelimiterGraphFilter.CATENATE_ALL);
        flags |= flag(s, "split_on_case_change", true, WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE);
        flags |= flag(s, "preserve_original", false, WordDelimiterGraphFilter.PRESERVE_ORIGINAL);
        flags |= flag(s, "split_on_numerics", true, WordDelimiterGraphFilter.SPLIT_ON_NUMERICS);
        flags |= flag(s, "stem_english_possessive", true, WordDelimiterGraphFilter.STEM_ENGLISH_POSSESSIVE);
        return flags;
    }

    private static int flag(Settings s, String key, boolean dflt, int bit) {
        return s.getAsBoolean(key, dflt) ? bit : 0;
    }

    /** The {@code stemmer} filter's {@code language}, as named in Elasticsearch's documentation. */
    static UnaryOperator<TokenStream> stemmer(String language) {
        return switch (language.toLowerCase(Locale.ROOT)) {
            case "arabic" -> ArabicStemFilter::new;
            case "armenian" -> ts -> new SnowballFilter(ts, new ArmenianStemmer());
            case "basque" -> ts -> new SnowballFilter(ts, new BasqueStemmer());
            case "bengali" -> BengaliStemFilter::new;
            case "brazilian" -> BrazilianStemFilter::new;
            case "bulgarian" -> BulgarianStemFilter::new;
            case "catalan" -> ts -> new SnowballFilter(ts, new CatalanStemmer());
            case "czech" -> CzechStemFilter::new;
            case "danish" -> ts -> new SnowballFilter(ts, new DanishStemmer());
            case "dutch" -> ts -> new SnowballFilter(ts, new DutchStemmer());
            case "english", "porter" -> PorterStemFilter::new;
            case "light_english", "kstem" -> KStemFilter::new;
            case "lovins" -> ts -> new SnowballFilter(ts, new LovinsStemmer());
            case "minimal_english" -> EnglishMinimalStemFilter::new;
            case "porter2" -> ts -> new SnowballFilter(ts, new EnglishStemmer());
            case "possessive_english" -> EnglishPossessiveFilter::new;
            case "estonian" -> ts -> new SnowballFilter(ts, new EstonianStemmer());
            case "finnish" -> ts -> new SnowballFilter(ts, new FinnishStemmer());
            case "light_finnish" -> FinnishLightStemFilter::new;
            case "french" -> ts -> new SnowballFilter(ts, new FrenchStemmer());
            case "light_french" -> FrenchLightStemFilter::new;
            case "minimal_french" -> FrenchMinimalStemFilter::new;
            case "galician" -> GalicianStemFilter::new;
            case "minimal_galician" -> GalicianMinimalStemFilter::new;
            case "german" -> ts -> new SnowballFilter(ts, new GermanStemmer());
            case "light_german" -> GermanLightStemFilter::new;
            case "minimal_german" -> GermanMinimalStemFilter::new;
            case "greek" -> GreekStemFilter::new;
            case "hindi" -> HindiStemFilter::new;
            case "hungarian" -> ts -> new SnowballFilter(ts, new HungarianStemmer());
            case "light_hungarian" -> HungarianLightStemFilter::new;
            case "indonesian" -> IndonesianStemFilter::new;
            case "irish" -> ts -> new SnowballFilter(ts, new IrishStemmer());
            case "italian" -> ts -> new SnowballFilter(ts, new ItalianStemmer());
            case "light_italian" -> ItalianLightStemFilter::new;
            case "latvian" -> LatvianStemFilter::new;
            case "lithuanian" -> ts -> new SnowballFilter(ts, new LithuanianStemmer());
            case "norwegian" -> ts -> new SnowballFilter(ts, new NorwegianStemmer());
            case "light_norwegian" -> NorwegianLightStemFilter::new;
            case "minimal_norwegian" -> NorwegianMinimalStemFilter::new;
            case "light_nynorsk" -> ts -> new NorwegianLightStemFilter(ts, NorwegianLightStemmer.NYNORSK);
            case "minimal_nynorsk" -> ts -> new NorwegianMinimalStemFilter(ts, NorwegianLightStemmer.NYNORSK);
            case "portuguese" -> ts -> new SnowballFilter(ts, new PortugueseStemmer());
            case "light_portuguese" -> PortugueseLightStemFilter::new;
            case "minimal_portuguese" -> PortugueseMinimalStemFilter::new;
            case "portuguese_rslp" -> PortugueseStemFilter::new;
            case "romanian" -> ts -> new SnowballFilter(ts, new RomanianStemmer());
            case "russian" -> ts -> new SnowballFilter(ts, new RussianStemmer());
            case "light_russian" -> RussianLightStemFilter::new;
            case "sorani" -> SoraniStemFilter::new;
            case "spanish" -> ts -> new SnowballFilter(ts, new SpanishStemmer());
            case "light_spanish" -> SpanishLightStemFilter::new;
            case "spanish_plural" -> SpanishPluralStemFilter::new;
            case "swedish" -> ts -> new SnowballFilter(ts, new SwedishStemmer());
            case "light_swedish" -> SwedishLightStemFilter::new;
            case "turkish" -> ts -> new SnowballFilter(ts, new TurkishStemmer());
            default -> throw new IllegalArgumentException("Unknown stemmer language [" + language + "]");
        };
    }

    /** Drops every token whose text was already seen in the stream ({@code unique}). */
    static final class UniqueFilter extends TokenFilter {
        private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
        private final CharArraySet seen = new CharArraySet(8, false);

        UniqueFilter(TokenStream in) {
            super(in);
        }

        @Override
        public boolean incrementToken() throws IOException {
            while (input.incrementToken()) {
                char[] term = termAtt.buffer();
                int length = termAtt.length();
                if (seen.contains(term, 0, length) == false) {
                    char[] copy = new char[length];
                    System.arraycopy(term, 0, copy, 0, length);
                    seen.add(copy);
                    return true;
                }
            }
            return false;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            seen.clear();
        }
    }

    /** {@code synonym} / {@code synonym_graph}: {@code synonyms} or {@code synonyms_path}, {@code format}, {@code expand}, {@code lenient}. */
    static final class SynonymFactory extends AbstractTokenFilterFactory {
        private final Settings settings;
        private final Environment env;
        private final boolean graph;

        SynonymFactory(String name, Settings settings, Environment env, boolean graph) {
            super(name, settings);
            this.settings = settings;
            this.env = env;
            this.graph = graph;
            if (settings.get("synonyms_set") != null) {
                throw new IllegalArgumentException("[synonyms_set] (synonyms API) is not supported on this test node; use [synonyms] or [synonyms_path]");
            }
        }

        @Override
        public TokenStream create(TokenStream tokenStream) {
            throw new IllegalStateException("Call getChainAwareTokenFilterFactory to specialize this factory for an analysis chain first");
        }

        @Override
        public TokenFilterFactory getChainAwareTokenFilterFactory(
            IndexCreationContext context,
            TokenizerFactory tokenizer,
            List<CharFilterFactory> charFilters,
            List<TokenFilterFactory> previousTokenFilters,
            Function<String, TokenFilterFactory> allFilters
        ) {
            Analyzer analyzer = new CustomAnalyzer(
                tokenizer,
                charFilters.toArray(new CharFilterFactory[0]),
                previousTokenFilters.stream().map(TokenFilterFactory::getSynonymFilter).toArray(TokenFilterFactory[]::new)
            );
            SynonymMap map = buildMap(analyzer);
            String name = name();
            boolean graph = this.graph;
            return new TokenFilterFactory() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public TokenStream create(TokenStream tokenStream) {
                    if (map.fst == null) {
                        return tokenStream;
                    }
                    return graph ? new SynonymGraphFilter(tokenStream, map, false) : new SynonymFilter(tokenStream, map, false);
                }

                @Override
                public TokenFilterFactory getSynonymFilter() {
                    return IDENTITY_FILTER;
                }
            };
        }

        private SynonymMap buildMap(Analyzer analyzer) {
            List<String> rules = settings.getAsList("synonyms", null);
            String path = settings.get("synonyms_path");
            if (rules == null && path == null) {
                throw new IllegalArgumentException("synonym requires either `synonyms` or `synonyms_path` to be configured");
            }
            boolean expand = settings.getAsBoolean("expand", true);
            boolean lenient = settings.getAsBoolean("lenient", false);
            boolean wordnet = "wordnet".equalsIgnoreCase(settings.get("format", ""));
            try {
                List<String> lines = new ArrayList<>();
                if (rules != null) {
                    lines.addAll(rules);
                } else {
                    try (Reader r = Analysis.getReaderFromFile(env, path, "synonyms_path")) {
                        StringBuilder sb = new StringBuilder();
                        char[] buf = new char[4096];
                        int n;
                        while ((n = r.read(buf)) != -1) {
                            sb.append(buf, 0, n);
                        }
                        lines.addAll(List.of(sb.toString().split("\n")));
                    }
                }
                SynonymMap.Parser parser = wordnet ? new WordnetSynonymParser(true, expand, analyzer) : new SolrSynonymParser(true, expand, analyzer);
                if (lenient) {
                    for (String line : lines) {
                        try {
                            parser.parse(new StringReader(line));
                        } catch (ParseException | IllegalArgumentException e) {
                            // lenient: skip rules that do not analyze
                        }
                    }
                } else {
                    parser.parse(new StringReader(String.join("\n", lines)));
                }
                return parser.build();
            } catch (ParseException | IOException e) {
                throw new IllegalArgumentException("failed to build synonyms", e);
            }
        }
    }
}
