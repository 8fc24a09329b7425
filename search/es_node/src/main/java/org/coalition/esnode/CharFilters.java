package org.coalition.esnode;

import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.pattern.PatternReplaceCharFilter;
import org.elasticsearch.common.regex.Regex;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractCharFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingCharFilterFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;

import java.io.Reader;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** Character filters with Elasticsearch's names and parameters: html_strip, mapping, pattern_replace. */
final class CharFilters {

    private CharFilters() {}

    static class Factory extends AbstractCharFilterFactory {
        private final UnaryOperator<Reader> filter;

        Factory(String name, UnaryOperator<Reader> filter) {
            super(name);
            this.filter = filter;
        }

        @Override
        public Reader create(Reader reader) {
            return filter.apply(reader);
        }
    }

    static final class NormalizingFactory extends Factory implements NormalizingCharFilterFactory {
        NormalizingFactory(String name, UnaryOperator<Reader> filter) {
            super(name, filter);
        }
    }

    @FunctionalInterface
    interface Maker {
        CharFilterFactory make(IndexSettings indexSettings, Environment env, String name, Settings settings);
    }

    private static AnalysisProvider<CharFilterFactory> requiringSettings(Maker maker) {
        return new AnalysisProvider<>() {
            @Override
            public CharFilterFactory get(IndexSettings indexSettings, Environment env, String name, Settings settings) {
                return maker.make(indexSettings, env, name, settings);
            }

            @Override
            public boolean requiresAnalysisSettings() {
                return true;
            }
        };
    }

    static Map<String, AnalysisProvider<CharFilterFactory>> providers() {
        Map<String, AnalysisProvider<CharFilterFactory>> map = new LinkedHashMap<>();
        map.put("html_strip", (is, env, name, s) -> {
            Set<String> escaped = new HashSet<>(s.getAsList("escaped_tags"));
            return new Factory(name, r -> new HTMLStripCharFilter(r, escaped.isEmpty() ? null : escaped));
        });
        map.put("mapping", requiringSettings((is, env, name, s) -> {
            List<String> rules = Analysis.getWordList(env, s, "mappings");
            if (rules == null) {
                throw new IllegalArgumentException("mapping requires either `mappings` or `mappings_path` to be configured");
            }
            NormalizeCharMap.Builder builder = new NormalizeCharMap.Builder();
            for (String rule : rules) {
                int arrow = rule.indexOf("=>");
                if (arrow < 0) {
                    throw new IllegalArgumentException("Invalid Mapping Rule : [" + rule + "]");
                }
                String key = unescape(rule.substring(0, arrow).trim());
                String value = unescape(rule.substring(arrow + 2).trim());
                if (key.isEmpty()) {
                    throw new IllegalArgumentException("Invalid Mapping Rule : [" + rule + "]");
                }
                builder.add(key, value);
            }
            NormalizeCharMap charMap = builder.build();
            return new NormalizingFactory(name, r -> new MappingCharFilter(charMap, r));
        }));
        map.put("pattern_replace", requiringSettings((is, env, name, s) -> {
            String pattern = s.get("pattern");
            if (pattern == null) {
                throw new IllegalArgumentException("pattern is missing for [" + name + "] char filter of type 'pattern_replace'");
            }
            Pattern p = Regex.compile(pattern, s.get("flags"));
            String replacement = s.get("replacement", "");
            return new NormalizingFactory(name, r -> new PatternReplaceCharFilter(p, replacement, r));
        }));
        return map;
    }

    /** Backslash escapes in mapping rules: \\ \n \t \r \b \f \\uXXXX. */
    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 4 >= s.length()) {
                        throw new IllegalArgumentException("Invalid escaped char in [" + s + "]");
                    }
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(n);
            }
        }
        return out.toString();
    }
}
