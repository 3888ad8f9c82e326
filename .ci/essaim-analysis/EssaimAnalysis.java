package org.essaim.analysis;

import java.io.IOException;
import java.io.StringReader;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchMinimalStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalysisMode;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.settings.IntSetting;
import org.elasticsearch.plugin.settings.ListSetting;
import org.elasticsearch.plugin.settings.StringSetting;

/**
 * The analysis-common filters the French chain needs, for the module-less integ-test distribution.
 *
 * Same names and settings as analysis-common, restricted to what Essaim uses. synonym_graph
 * takes inline rules (Solr format) and analyses them with the chain that precedes it in
 * Essaim's search analyzer (standard tokens, lowercase, ASCII folding, light French stemmer);
 * elided articles and stop words are not removed here: Essaim strips them from the rules it
 * sends, as analysis-common would reject a rule containing a stop word.
 */
public final class EssaimAnalysis {
    private EssaimAnalysis() {}

    @AnalysisSettings
    public interface ElisionSettings {
        @ListSetting(path = "articles")
        List<String> articles();

        @BooleanSetting(path = "articles_case", defaultValue = false)
        boolean articlesCase();
    }

    @NamedComponent("elision")
    public static final class Elision implements TokenFilterFactory {
        private final CharArraySet articles;

        @Inject
        public Elision(ElisionSettings settings) {
            List<String> list = settings.articles();
            this.articles = list == null || list.isEmpty()
                ? FrenchAnalyzer.DEFAULT_ARTICLES
                : new CharArraySet(list, settings.articlesCase());
        }

        @Override
        public TokenStream create(TokenStream stream) { return new ElisionFilter(stream, articles); }

        @Override
        public TokenStream normalize(TokenStream stream) { return create(stream); }
    }

    @NamedComponent("asciifolding")
    public static final class AsciiFolding implements TokenFilterFactory {
        @Override
        public TokenStream create(TokenStream stream) { return new ASCIIFoldingFilter(stream); }

        @Override
        public TokenStream normalize(TokenStream stream) { return create(stream); }
    }

    @AnalysisSettings
    public interface StemmerSettings {
        @StringSetting(path = "language", defaultValue = "light_french")
        String language();
    }

    @NamedComponent("stemmer")
    public static final class Stemmer implements TokenFilterFactory {
        private final String language;

        @Inject
        public Stemmer(StemmerSettings settings) {
            this.language = settings.language();
            if (!language.equals("light_french") && !language.equals("minimal_french")) {
                throw new IllegalArgumentException("only light_french and minimal_french are provided, not " + language);
            }
        }

        @Override
        public TokenStream create(TokenStream stream) {
            return language.equals("minimal_french") ? new FrenchMinimalStemFilter(stream) : new FrenchLightStemFilter(stream);
        }
    }

    @AnalysisSettings
    public interface EdgeNGramSettings {
        @IntSetting(path = "min_gram", defaultValue = 1)
        int minGram();

        @IntSetting(path = "max_gram", defaultValue = 2)
        int maxGram();
    }

    @NamedComponent("edge_ngram")
    public static final class EdgeNGram implements TokenFilterFactory {
        private final int minGram;
        private final int maxGram;

        @Inject
        public EdgeNGram(EdgeNGramSettings settings) {
            this.minGram = settings.minGram();
            this.maxGram = settings.maxGram();
        }

        @Override
        public TokenStream create(TokenStream stream) { return new EdgeNGramTokenFilter(stream, minGram, maxGram, false); }
    }

    @AnalysisSettings
    public interface SynonymSettings {
        @ListSetting(path = "synonyms")
        List<String> synonyms();

        @BooleanSetting(path = "lenient", defaultValue = false)
        boolean lenient();

        @BooleanSetting(path = "expand", defaultValue = true)
        boolean expand();

        @BooleanSetting(path = "updateable", defaultValue = false)
        boolean updateable();
    }

    @NamedComponent("synonym_graph")
    public static final class SynonymGraph implements TokenFilterFactory {
        private static final Analyzer RULES = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer tokenizer = new StandardTokenizer();
                TokenStream stream = new FrenchLightStemFilter(new ASCIIFoldingFilter(new LowerCaseFilter(tokenizer)));
                return new TokenStreamComponents(tokenizer, stream);
            }
        };

        private final SynonymMap map;
        private final boolean updateable;

        @Inject
        public SynonymGraph(SynonymSettings settings) {
            this.updateable = settings.updateable();
            List<String> rules = settings.synonyms() == null ? List.of() : settings.synonyms();
            List<String> accepted = new ArrayList<>();
            for (String rule : rules) {
                try {
                    parse(List.of(rule), settings.expand());
                    accepted.add(rule);
                } catch (IOException | ParseException | IllegalArgumentException e) {
                    if (!settings.lenient()) {
                        throw new IllegalArgumentException("failed to parse synonym rule [" + rule + "]", e);
                    }
                }
            }
            try {
                this.map = parse(accepted, settings.expand());
            } catch (IOException | ParseException e) {
                throw new IllegalArgumentException("failed to build synonyms", e);
            }
        }

        private static SynonymMap parse(List<String> rules, boolean expand) throws IOException, ParseException {
            SolrSynonymParser parser = new SolrSynonymParser(true, expand, RULES);
            parser.parse(new StringReader(String.join("\n", rules)));
            return parser.build();
        }

        @Override
        public TokenStream create(TokenStream stream) {
            return map.fst == null ? stream : new SynonymGraphFilter(stream, map, false);
        }

        @Override
        public AnalysisMode getAnalysisMode() { return updateable ? AnalysisMode.SEARCH_TIME : AnalysisMode.ALL; }
    }
}
