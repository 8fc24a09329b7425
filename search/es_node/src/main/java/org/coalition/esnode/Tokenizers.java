package org.coalition.esnode;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.LetterTokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.path.PathHierarchyTokenizer;
import org.apache.lucene.analysis.path.ReversePathHierarchyTokenizer;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.pattern.SimplePatternSplitTokenizer;
import org.apache.lucene.analysis.pattern.SimplePatternTokenizer;
import org.apache.lucene.analysis.classic.ClassicTokenizer;
import org.apache.lucene.analysis.th.ThaiTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.elasticsearch.common.regex.Regex;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;
import org.elasticsearch.index.analysis.PreConfiguredTokenizer;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Tokenizers with Elasticsearch's names and parameters. */
final class Tokenizers {

    private Tokenizers() {}

    /** A factory whose tokenizer is made by a supplier fixed at construction. */
    static final class Factory extends AbstractTokenizerFactory {
        private final Supplier<Tokenizer> supplier;

        Factory(IndexSettings indexSettings, Settings settings, String name, Supplier<Tokenizer> supplier) {
            super(indexSettings, settings, name);
            this.supplier = supplier;
        }

        @Override
        public Tokenizer create() {
            return supplier.get();
        }
    }

    @FunctionalInterface
    interface Maker {
        Supplier<Tokenizer> make(IndexSettings indexSettings, Settings settings);
    }

    private static AnalysisProvider<TokenizerFactory> provider(Maker maker) {
        return (indexSettings, env, name, settings) -> new Factory(indexSettings, settings, name, maker.make(indexSettings, settings));
    }

    private static AnalysisProvider<TokenizerFactory> requiringSettings(Maker maker) {
        AnalysisProvider<TokenizerFactory> p = provider(maker);
        return new AnalysisProvider<>() {
            @Override
            public TokenizerFactory get(IndexSettings indexSettings, org.elasticsearch.env.Environment env, String name, Settings settings)
                throws IOException {
                return p.get(indexSettings, env, name, settings);
            }

            @Override
            public boolean requiresAnalysisSettings() {
                return true;
            }
        };
    }

    static Map<String, AnalysisProvider<TokenizerFactory>> providers() {
        Map<String, AnalysisProvider<TokenizerFactory>> map = new LinkedHashMap<>();
        map.put("keyword", provider((is, s) -> {
            int bufferSize = s.getAsInt("buffer_size", 256);
            return () -> new KeywordTokenizer(bufferSize);
        }));
        map.put("whitespace", provider((is, s) -> {
            int max = s.getAsInt("max_token_length", 255);
            return () -> new WhitespaceTokenizer(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, max);
        }));
        map.put("letter", provider((is, s) -> LetterTokenizer::new));
        map.put("lowercase", provider((is, s) -> () -> new CodePointTokenizer(Character::isLetter, Character::toLowerCase, 255)));
        map.put("char_group", provider((is, s) -> {
            IntPredicate split = charGroup(s.getAsList("tokenize_on_chars"));
            int max = s.getAsInt("max_token_length", 255);
            return () -> new CodePointTokenizer(split.negate(), c -> c, max);
        }));
        map.put("classic", provider((is, s) -> {
            int max = s.getAsInt("max_token_length", 255);
            return () -> {
                ClassicTokenizer t = new ClassicTokenizer();
                t.setMaxTokenLength(max);
                return t;
            };
        }));
        map.put("uax_url_email", provider((is, s) -> {
            int max = s.getAsInt("max_token_length", 255);
            return () -> {
                UAX29URLEmailTokenizer t = new UAX29URLEmailTokenizer();
                t.setMaxTokenLength(max);
                return t;
            };
        }));
        map.put("ngram", provider((is, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            checkNgramDiff(is, min, max, "NGram Tokenizer");
            IntPredicate tokenChars = tokenChars(s);
            return () -> tokenChars == null ? new NGramTokenizer(min, max) : new NGramTokenizer(min, max) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return tokenChars.test(chr);
                }
            };
        }));
        map.put("edge_ngram", provider((is, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            IntPredicate tokenChars = tokenChars(s);
            return () -> tokenChars == null ? new EdgeNGramTokenizer(min, max) : new EdgeNGramTokenizer(min, max) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return tokenChars.test(chr);
                }
            };
        }));
        map.put("pattern", provider((is, s) -> {
            String regex = s.get("pattern", "\\W+");
            Pattern pattern = Regex.compile(regex, s.get("flags"));
            int group = s.getAsInt("group", -1);
            return () -> new PatternTokenizer(pattern, group);
        }));
        map.put("simple_pattern", provider((is, s) -> {
            String regex = s.get("pattern", "");
            return () -> new SimplePatternTokenizer(regex);
        }));
        map.put("simple_pattern_split", provider((is, s) -> {
            String regex = s.get("pattern", "");
            return () -> new SimplePatternSplitTokenizer(regex);
        }));
        map.put("path_hierarchy", provider((is, s) -> {
            char delimiter = singleChar(s, "delimiter", '/');
            char replacement = singleChar(s, "replacement", delimiter);
            int bufferSize = s.getAsInt("buffer_size", 1024);
            int skip = s.getAsInt("skip", 0);
            boolean reverse = s.getAsBoolean("reverse", false);
            return () -> reverse
                ? new ReversePathHierarchyTokenizer(bufferSize, delimiter, replacement, skip)
                : new PathHierarchyTokenizer(bufferSize, delimiter, replacement, skip);
        }));
        map.put("thai", provider((is, s) -> ThaiTokenizer::new));
        return map;
    }

    static List<PreConfiguredTokenizer> preConfigured() {
        return new ArrayList<>();
    }

    static void checkNgramDiff(IndexSettings indexSettings, int min, int max, String what) {
        int allowed = indexSettings.getMaxNgramDiff();
        int diff = max - min;
        if (diff > allowed) {
            throw new IllegalArgumentException(
                "The difference between max_gram and min_gram in "
                    + what
                    + " must be less than or equal to: ["
                    + allowed
                    + "] but was ["
                    + diff
                    + "]. This limit can be set by changing the ["
                    + IndexSettings.MAX_NGRAM_DIFF_SETTING.getKey()
                    + "] index level setting."
            );
        }
    }

    private static char singleChar(Settings s, String key, char dflt) {
        String v = s.get(key);
        if (v == null) {
            return dflt;
        }
        if (v.length() != 1) {
            throw new IllegalArgumentException(key + " can only be a one char value");
        }
        return v.charAt(0);
    }

    /** {@code token_chars} (+ {@code custom_token_chars}); null means every character is a token char. */
    static IntPredicate tokenChars(Settings s) {
        List<String> classes = s.getAsList("token_chars");
        if (classes.isEmpty()) {
            return null;
        }
        IntPredicate result = c -> false;
        for (String cls : classes) {
            IntPredicate p = switch (cls.toLowerCase(Locale.ROOT)) {
                case "letter" -> Character::isLetter;
                case "digit" -> Character::isDigit;
                case "whitespace" -> Character::isWhitespace;
                case "punctuation" -> Tokenizers::isPunctuation;
                case "symbol" -> Tokenizers::isSymbol;
                case "custom" -> {
                    String custom = s.get("custom_token_chars");
                    if (custom == null) {
                        throw new IllegalArgumentException("Token type: [custom] requires [custom_token_chars] to be set");
                    }
                    yield c -> custom.indexOf(c) >= 0 || (Character.isSupplementaryCodePoint(c) && custom.contains(Character.toString(c)));
                }
                default -> throw new IllegalArgumentException(
                    "Unknown token type: '" + cls + "', must be one of [letter, digit, whitespace, punctuation, symbol, custom]"
                );
            };
            result = result.or(p);
        }
        return result;
    }

    private static IntPredicate charGroup(List<String> items) {
        IntPredicate result = c -> false;
        for (String item : items) {
            IntPredicate p = switch (item) {
                case "letter" -> Character::isLetter;
                case "digit" -> Character::isDigit;
                case "whitespace" -> Character::isWhitespace;
                case "punctuation" -> Tokenizers::isPunctuation;
                case "symbol" -> Tokenizers::isSymbol;
                default -> {
                    int cp = parseCharGroupItem(item);
                    yield c -> c == cp;
                }
            };
            result = result.or(p);
        }
        return result;
    }

    private static int parseCharGroupItem(String item) {
        if (item.codePointCount(0, item.length()) == 1) {
            return item.codePointAt(0);
        }
        switch (item) {
            case "\\n": return '\n';
            case "\\r": return '\r';
            case "\\t": return '\t';
            case "\\f": return '\f';
            case "\\\\": return '\\';
            default:
                if (item.startsWith("\\u") && item.length() == 6) {
                    return Integer.parseInt(item.substring(2), 16);
                }
                throw new IllegalArgumentException("Invalid escaped char in [" + item + "]");
        }
    }

    static boolean isPunctuation(int c) {
        switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION:
            case Character.DASH_PUNCTUATION:
            case Character.START_PUNCTUATION:
            case Character.END_PUNCTUATION:
            case Character.INITIAL_QUOTE_PUNCTUATION:
            case Character.FINAL_QUOTE_PUNCTUATION:
            case Character.OTHER_PUNCTUATION:
                return true;
            default:
                return false;
        }
    }

    static boolean isSymbol(int c) {
        switch (Character.getType(c)) {
            case Character.MATH_SYMBOL:
            case Character.CURRENCY_SYMBOL:
            case Character.MODIFIER_SYMBOL:
            case Character.OTHER_SYMBOL:
                return true;
            default:
                return false;
        }
    }

    /**
     * Splits on code points that are not token chars and normalizes each kept code point
     * (for the {@code lowercase} and {@code char_group} tokenizers). Reads its whole input first.
     */
    static final class CodePointTokenizer extends Tokenizer {
        private final IntPredicate isTokenChar;
        private final IntUnaryOperator normalize;
        private final int maxTokenLength;
        private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
        private final OffsetAttribute offsetAtt = addAttribute(OffsetAttribute.class);
        private String text;
        private int pos;

        CodePointTokenizer(IntPredicate isTokenChar, IntUnaryOperator normalize, int maxTokenLength) {
            this.isTokenChar = isTokenChar;
            this.normalize = normalize;
            this.maxTokenLength = maxTokenLength;
        }

        @Override
        public boolean incrementToken() throws IOException {
            clearAttributes();
            if (text == null) {
                StringBuilder sb = new StringBuilder();
                char[] buf = new char[4096];
                int n;
                while ((n = input.read(buf)) != -1) {
                    sb.append(buf, 0, n);
                }
                text = sb.toString();
                pos = 0;
            }
            int len = text.length();
            while (pos < len && isTokenChar.test(text.codePointAt(pos)) == false) {
                pos += Character.charCount(text.codePointAt(pos));
            }
            if (pos >= len) {
                return false;
            }
            int start = pos;
            int chars = 0;
            StringBuilder token = new StringBuilder();
            while (pos < len) {
                int cp = text.codePointAt(pos);
                if (isTokenChar.test(cp) == false) {
                    break;
                }
                token.appendCodePoint(normalize.applyAsInt(cp));
                pos += Character.charCount(cp);
                chars++;
                if (chars >= maxTokenLength) {
                    break;
                }
            }
            termAtt.setEmpty().append(token);
            offsetAtt.setOffset(correctOffset(start), correctOffset(pos));
            return true;
        }

        @Override
        public void end() throws IOException {
            super.end();
            int finalOffset = correctOffset(text == null ? 0 : text.length());
            offsetAtt.setOffset(finalOffset, finalOffset);
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            text = null;
            pos = 0;
        }
    }
}
