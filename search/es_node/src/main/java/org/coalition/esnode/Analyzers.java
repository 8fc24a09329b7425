package org.coalition.esnode;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.bg.BulgarianAnalyzer;
import org.apache.lucene.analysis.bn.BengaliAnalyzer;
import org.apache.lucene.analysis.br.BrazilianAnalyzer;
import org.apache.lucene.analysis.ca.CatalanAnalyzer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.ckb.SoraniAnalyzer;
import org.apache.lucene.analysis.cz.CzechAnalyzer;
import org.apache.lucene.analysis.da.DanishAnalyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.el.GreekAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.et.EstonianAnalyzer;
import org.apache.lucene.analysis.eu.BasqueAnalyzer;
import org.apache.lucene.analysis.fa.PersianAnalyzer;
import org.apache.lucene.analysis.fi.FinnishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.ga.IrishAnalyzer;
import org.apache.lucene.analysis.gl.GalicianAnalyzer;
import org.apache.lucene.analysis.hi.HindiAnalyzer;
import org.apache.lucene.analysis.hu.HungarianAnalyzer;
import org.apache.lucene.analysis.hy.ArmenianAnalyzer;
import org.apache.lucene.analysis.id.IndonesianAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.lt.LithuanianAnalyzer;
import org.apache.lucene.analysis.lv.LatvianAnalyzer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.no.NorwegianAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.ro.RomanianAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.sv.SwedishAnalyzer;
import org.apache.lucene.analysis.th.ThaiAnalyzer;
import org.apache.lucene.analysis.tr.TurkishAnalyzer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.PreBuiltAnalyzerProviderFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.indices.analysis.PreBuiltCacheFactory.CachingStrategy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The language analyzers: {@code "analyzer": "english"} by name, or {@code "type": "english"} with
 * {@code stopwords}, {@code stopwords_path} and {@code stem_exclusion}, as in Elasticsearch.
 */
final class Analyzers {

    private Analyzers() {}

    @FunctionalInterface
    interface Ctor {
        Analyzer create(CharArraySet stopwords, CharArraySet stemExclusion);
    }

    record Language(CharArraySet defaultStopwords, Ctor ctor) {}

    static final Map<String, Language> LANGUAGES = new LinkedHashMap<>();

    static {
        LANGUAGES.put("arabic", new Language(ArabicAnalyzer.getDefaultStopSet(), ArabicAnalyzer::new));
        LANGUAGES.put("armenian", new Language(ArmenianAnalyzer.getDefaultStopSet(), ArmenianAnalyzer::new));
        LANGUAGES.put("basque", new Language(BasqueAnalyzer.getDefaultStopSet(), BasqueAnalyzer::new));
        LANGUAGES.put("bengali", new Language(BengaliAnalyzer.getDefaultStopSet(), BengaliAnalyzer::new));
        LANGUAGES.put("brazilian", new Language(BrazilianAnalyzer.getDefaultStopSet(), BrazilianAnalyzer::new));
        LANGUAGES.put("bulgarian", new Language(BulgarianAnalyzer.getDefaultStopSet(), BulgarianAnalyzer::new));
        LANGUAGES.put("catalan", new Language(CatalanAnalyzer.getDefaultStopSet(), CatalanAnalyzer::new));
        LANGUAGES.put("cjk", new Language(CJKAnalyzer.getDefaultStopSet(), (s, e) -> new CJKAnalyzer(s)));
        LANGUAGES.put("czech", new Language(CzechAnalyzer.getDefaultStopSet(), CzechAnalyzer::new));
        LANGUAGES.put("danish", new Language(DanishAnalyzer.getDefaultStopSet(), DanishAnalyzer::new));
        LANGUAGES.put("dutch", new Language(DutchAnalyzer.getDefaultStopSet(), DutchAnalyzer::new));
        LANGUAGES.put("english", new Language(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, EnglishAnalyzer::new));
        LANGUAGES.put("estonian", new Language(EstonianAnalyzer.getDefaultStopSet(), EstonianAnalyzer::new));
        LANGUAGES.put("finnish", new Language(FinnishAnalyzer.getDefaultStopSet(), FinnishAnalyzer::new));
        LANGUAGES.put("french", new Language(FrenchAnalyzer.getDefaultStopSet(), FrenchAnalyzer::new));
        LANGUAGES.put("galician", new Language(GalicianAnalyzer.getDefaultStopSet(), GalicianAnalyzer::new));
        LANGUAGES.put("german", new Language(GermanAnalyzer.getDefaultStopSet(), GermanAnalyzer::new));
        LANGUAGES.put("greek", new Language(GreekAnalyzer.getDefaultStopSet(), (s, e) -> new GreekAnalyzer(s)));
        LANGUAGES.put("hindi", new Language(HindiAnalyzer.getDefaultStopSet(), HindiAnalyzer::new));
        LANGUAGES.put("hungarian", new Language(HungarianAnalyzer.getDefaultStopSet(), HungarianAnalyzer::new));
        LANGUAGES.put("indonesian", new Language(IndonesianAnalyzer.getDefaultStopSet(), IndonesianAnalyzer::new));
        LANGUAGES.put("irish", new Language(IrishAnalyzer.getDefaultStopSet(), IrishAnalyzer::new));
        LANGUAGES.put("italian", new Language(ItalianAnalyzer.getDefaultStopSet(), ItalianAnalyzer::new));
        LANGUAGES.put("latvian", new Language(LatvianAnalyzer.getDefaultStopSet(), LatvianAnalyzer::new));
        LANGUAGES.put("lithuanian", new Language(LithuanianAnalyzer.getDefaultStopSet(), LithuanianAnalyzer::new));
        LANGUAGES.put("norwegian", new Language(NorwegianAnalyzer.getDefaultStopSet(), NorwegianAnalyzer::new));
        LANGUAGES.put("persian", new Language(PersianAnalyzer.getDefaultStopSet(), (s, e) -> new PersianAnalyzer(s)));
        LANGUAGES.put("portuguese", new Language(PortugueseAnalyzer.getDefaultStopSet(), PortugueseAnalyzer::new));
        LANGUAGES.put("romanian", new Language(RomanianAnalyzer.getDefaultStopSet(), RomanianAnalyzer::new));
        LANGUAGES.put("russian", new Language(RussianAnalyzer.getDefaultStopSet(), RussianAnalyzer::new));
        LANGUAGES.put("sorani", new Language(SoraniAnalyzer.getDefaultStopSet(), SoraniAnalyzer::new));
        LANGUAGES.put("spanish", new Language(SpanishAnalyzer.getDefaultStopSet(), SpanishAnalyzer::new));
        LANGUAGES.put("swedish", new Language(SwedishAnalyzer.getDefaultStopSet(), SwedishAnalyzer::new));
        LANGUAGES.put("thai", new Language(ThaiAnalyzer.getDefaultStopSet(), (s, e) -> new ThaiAnalyzer(s)));
        LANGUAGES.put("turkish", new Language(TurkishAnalyzer.getDefaultStopSet(), TurkishAnalyzer::new));
    }

    static final class LanguageProvider extends AbstractIndexAnalyzerProvider<Analyzer> {
        private final Analyzer analyzer;

        LanguageProvider(Environment env, String name, Settings settings, Language language) {
            super(name, settings);
            CharArraySet stopwords = Analysis.parseStopWords(env, settings, language.defaultStopwords());
            CharArraySet stemExclusion = Analysis.parseStemExclusion(settings, CharArraySet.EMPTY_SET);
            this.analyzer = language.ctor().create(stopwords, stemExclusion);
        }

        @Override
        public Analyzer get() {
            return analyzer;
        }
    }

    static Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> providers() {
        Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> map = new LinkedHashMap<>();
        LANGUAGES.forEach(
            (type, language) -> map.put(type, (indexSettings, env, name, settings) -> new LanguageProvider(env, name, settings, language))
        );
        return map;
    }

    static List<PreBuiltAnalyzerProviderFactory> preBuilt() {
        List<PreBuiltAnalyzerProviderFactory> list = new ArrayList<>();
        LANGUAGES.forEach(
            (type, language) -> list.add(
                new PreBuiltAnalyzerProviderFactory(
                    type,
                    CachingStrategy.LUCENE,
                    () -> language.ctor().create(language.defaultStopwords(), CharArraySet.EMPTY_SET)
                )
            )
        );
        return list;
    }
}
