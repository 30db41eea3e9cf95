//! Every word the program shows that is not dataset text, keyed by meaning, in both languages.
//!
//! Screens, the command line and exports ask for a [`Word`] and let [`Lang::word`] pick the
//! language; none of them types a label of its own. A word with a `{}` takes one value, filled in
//! by [`Lang::word_with`]. Key names never appear here: they come from the key table.

use crate::lang::Lang;

macro_rules! words {
    ($( $(#[$doc:meta])* $name:ident => $zh:literal, $en:literal; )*) => {
        /// A UI word, by what it means.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Word { $( $(#[$doc])* $name, )* }

        impl Word {
            /// Every word, in table order (for tests and translators).
            pub const ALL: &'static [Word] = &[ $( Word::$name, )* ];

            /// The Chinese and the English.
            pub const fn zh_en(self) -> (&'static str, &'static str) {
                match self { $( Word::$name => ($zh, $en), )* }
            }
        }
    };
}

#[rustfmt::skip]
words! {
    // The platform sheet (`show`, the detail pane, slides).
    PlannedArea         => "规划范围", "Planned area";
    /// The map in words: where the platform lies and what it adjoins.
    WhereItLies         => "位置", "Where it lies";
    KeyIndustries       => "重点产业", "Key industries";
    Outline             => "轮廓", "Outline";
    AlsoKnownAs         => "又称", "also known as";
    Id                  => "编号", "id";
    /// Outline confidence, said once after the letter: how the outline may be read.
    OutlineApproximate  => "示意,非测绘数据", "approximate, not survey data";
    /// `{}` is a count.
    OutlinePoints       => "{} 个点", "{} points";
    NoPlatformSelected  => "没有选中的平台", "No platform selected";
    /// A kind the article does not give, only this dataset's classification: `{}` is the kind.
    KindClassified      => "{}(本数据集归类)", "{} (dataset's classification)";

    // Search results: which field matched.
    FieldIndustry       => "产业", "industry";
    FieldName           => "名称", "name";
    FieldOtherName      => "又称", "also";
    FieldKind           => "类型", "kind";
    FieldBoundary       => "四至", "boundary";
    FieldNumber         => "编号", "number";
    /// The data embedded in the program, where the footer shows a dataset file's name: short,
    /// as the footer gives way to the help and quit keys.
    BuiltInDataset      => "内置", "built-in";

    // Screens and panes.
    Platforms           => "平台", "Platforms";
    Industries          => "产业", "Industries";
    Plan                => "方案", "Plan";
    Detail              => "详情", "Detail";
    Map                 => "地图", "Map";
    HostedBy            => "所在平台", "Hosted by";
    Help                => "帮助", "Help";
    IndustryPlatforms   => "产业平台", "industry platforms";
    NothingMatches      => "无匹配", "nothing matches";
    Filter              => "筛选", "filter";
    Search              => "搜索", "search";
    Found               => "个结果", "found";
    Scroll              => "滚动", "scroll";
    /// On a pane's lower border when it holds more than it shows, after a down arrow.
    More                => "更多", "more";
    // The map styles, as the map's title names them.
    MapStyleAscii       => "字符", "ascii";
    MapStyleUnicode     => "线条", "unicode";
    MapStyleFill        => "填色", "fill";
    /// `{}` is a key: what it does on the industries screen.
    FilterToTheseHint   => "{} 在平台列表中只显示这些平台", "{} shows only these platforms in the list";
    /// `{}` is the size needed, `60x16`.
    TooSmall            => "终端太小,至少需要 {}", "terminal too small: needs {}";
    /// `{}` is the quit key.
    KeyQuits            => "{} 退出", "{} quits";

    /// `{}` is a platform number.
    HiddenByFilter      => "平台 {} 不在当前结果中(Esc 清除)", "platform {} is hidden by the search or filter (Esc clears)";
    /// The kept search, before its query.
    KeptSearch          => "搜索", "search";
    IndustryColumn      => "产业", "industry";
    HostsColumn         => "平台数", "platforms";
    SortCount           => "按平台数", "by count";
    SortPinyin          => "按拼音", "by pinyin";
    SortEnglish         => "按英文", "by English";
    /// `{}` is a number of platforms.
    PlatformCount       => "{} 个平台", "{} platforms";
    OnePlatform         => "1 个平台", "1 platform";

    // The plan.
    GeneralRequirements => "总体要求", "General requirements";
    Targets             => "行动目标", "Targets";
    WorkMeasures        => "工作举措", "Work measures";
    OverallTarget       => "总体目标", "Overall target";
    Source              => "来源", "Source";
    RelatedReading      => "相关阅读", "Related reading";
    Year                => "年份", "Year";
    Reporter            => "记者", "reporter";

    // The briefing.
    Overview            => "概览", "Overview";
    Spotlight           => "聚焦", "Spotlight";
    /// The title slide, in the slide index.
    TitleSlide          => "标题", "Title";
    /// A spotlight's platform: the industries the query found there.
    Matched             => "匹配", "matched";
    /// The briefing's keys overlay.
    BriefingKeys        => "演示按键", "Briefing keys";
    ThankYou            => "谢谢", "Thank you";
    /// `{}` is the quit key.
    PressAgainToQuit    => "再按 {} 退出", "press {} again to quit";
    /// `{}` lists the keys that quit.
    AskQuit             => "退出演示?{} 退出,其他键继续", "Quit the presentation?  {} quits, any other key stays";

    // The map's legend and its honesty notes (longest first; the map shows the longest that fits).
    LegendCanal         => "运河", "canal";
    LegendRiver         => "河流", "river";
    LegendRailway       => "铁路", "railway";
    LegendRoad          => "道路", "road";
    LegendEstimatedLine => "估计的线", "estimated line";
    LegendPlacedByEstimate => "位置估计", "placed by estimate";
    /// Lines and outlines drawn with gaps: placed by estimate, the source gives no exact line.
    LegendEstimated     => "虚线为估计", "dashed: estimate";
    LegendLandmark      => "地标", "landmark";
    LegendSelected      => "选中", "selected";
    /// The spotlit platforms' row: what lit them and their numbers follow.
    LegendSpotlight     => "聚焦", "spotlight";
    NoteEra1            => "2021年区划调整前的拱墅区(未含原下城区),已简化", "Gongshu before its 2021 merger with Xiacheng, simplified";
    NoteEra2            => "2021年前的拱墅区,已简化", "pre-2021 district, simplified";
    NoteEra3            => "2021年前区界", "pre-2021 district";
    NoteEra4            => "2021年前区界", "pre-2021 district";
    NoteApprox1         => "平台轮廓为示意,非测绘", "outlines approximate, not surveyed";
    NoteApprox2         => "轮廓为示意", "outlines approximate";
    NoteApprox3         => "轮廓示意", "outlines approx.";
    NoteApprox4         => "示意", "approx.";

    // Help overlay.
    MouseHelp           => "鼠标:在列表或地图上点击平台;滚轮滚动。", "Mouse: click a platform in the list or on the map; wheel scrolls.";
    KeysEverywhere      => "全局", "Everywhere";
    KeysLists           => "列表", "Lists";
    KeysPlatforms       => "平台屏", "Platforms screen";
    KeysMap             => "地图(获得焦点时)", "Map (when it has focus)";
    KeysIndustries      => "产业屏", "Industries screen";
    KeysSearch          => "搜索行(其他键直接输入)", "Search line (other keys type)";
    KeysTerminal        => "终端", "Terminal";
    KeysBriefing        => "演示", "Briefing";

    // What keys do: the help overlay's descriptions.
    DoNextSlide         => "下一张", "next slide";
    DoPrevSlide         => "上一张", "previous slide";
    DoFirstSlide        => "第一张", "first slide";
    DoLastSlide         => "最后一张", "last slide";
    DoSlidePlatform     => "平台 1-10(0 为 10)", "platform 1-10 (0 is 10)";
    DoBlank             => "黑屏,或恢复", "blank the screen, or bring it back";
    DoCycleLang         => "语言:中文 / English / 双语", "language: 中文 / English / both";
    DoIgnoreF5          => "无操作(翻页笔用它开始放映)", "nothing (clickers send it to start the show)";
    DoAskQuit           => "询问是否退出", "ask whether to quit";
    DoQuitTwice         => "按两次退出", "press twice to quit";
    DoQuitNow           => "立即退出", "quit at once";
    DoKeepResults       => "保留结果,回到列表", "keep the results and return to the list";
    DoClearSearch       => "清除搜索", "clear the search";
    DoNextResult        => "下一个结果", "next result";
    DoPrevResult        => "上一个结果", "previous result";
    DoCursorLeft        => "光标左移", "cursor left";
    DoCursorRight       => "光标右移", "cursor right";
    DoCursorStart       => "光标到行首", "cursor to the start";
    DoCursorEnd         => "光标到行尾", "cursor to the end";
    DoDeleteBack        => "删除前一个字", "delete the character before the cursor";
    DoDeleteForward     => "删除后一个字", "delete the character under the cursor";
    DoClearLine         => "清空搜索行", "clear the line";
    DoDeleteWord        => "删除前一个词", "delete the word before the cursor";
    DoZoomIn            => "放大", "zoom in";
    DoZoomOut           => "缩小", "zoom out";
    DoPanWest           => "向西平移", "pan west";
    DoPanEast           => "向东平移", "pan east";
    DoPanNorth          => "向北平移", "pan north";
    DoPanSouth          => "向南平移", "pan south";
    DoFitDistrict       => "显示全区", "fit the whole district";
    DoFitSelected       => "显示选中的平台", "fit the selected platform";
    DoMapStyle          => "切换地图样式(字符 / 线条 / 填色)", "switch map style (ascii / unicode / fill)";
    DoFilterIndustry    => "只显示有此产业的平台", "show the platforms with this industry";
    DoNextPlatform      => "下一个平台", "next platform";
    DoPrevPlatform      => "上一个平台", "previous platform";
    DoPageDown          => "下一页", "page down";
    DoPageUp            => "上一页", "page up";
    DoFirst             => "第一个", "first";
    DoLast              => "最后一个", "last";
    DoJumpPlatform      => "跳到平台 1-10(0 为 10);方案屏上跳到第 1-4 节", "jump to platform 1-10 (0 is 10); on the plan, to section 1-4";
    DoReadDetail        => "阅读详情", "read the detail";
    DoQuitAlways        => "退出,任何时候", "quit, always";
    DoSearch            => "搜索:中文、拼音、English", "search: 中文, pinyin, English";
    DoNextPane          => "下一个窗格", "next pane";
    DoPrevPane          => "上一个窗格", "previous pane";
    DoSidePane          => "在详情与地图间切换(放不下两者时)", "detail or map, when one fits";
    DoPlatformsScreen   => "平台屏", "platforms screen";
    DoIndustriesScreen  => "产业屏", "industries screen";
    DoPlanScreen        => "方案屏", "plan screen";
    DoHelp              => "本帮助", "this help";
    DoBack              => "关闭、清除或返回(从不退出)", "close, clear or go back (never quits)";
    DoQuit              => "退出", "quit";
    DoSuspend           => "挂起到 shell(fg 返回)", "suspend to the shell (fg returns)";
    DoScrollDown        => "向下滚动", "scroll down";
    DoScrollUp          => "向上滚动", "scroll up";
    DoCloseHelp         => "关闭帮助", "close the help";
    DoFilterIndustries  => "筛选产业列表", "filter the industries list";
    DoCycleSort         => "排序:数量 / 拼音 / 英文", "sort: by count / pinyin / English";
    DoGoTo              => "跳到输入的页码(如 12G),否则最后一张", "go to the slide typed before (12G), else the last";
    DoSlideIndex        => "幻灯片目录", "list of slides to jump to";
    DoToggleHints       => "显示或隐藏按键提示", "show or hide the key hints";
    DoSlideHelp         => "显示演示按键", "show the briefing's keys";
    DoIndexDown         => "下一项", "next in the list";
    DoIndexUp           => "上一项", "previous in the list";
    DoIndexChoose       => "跳到这张", "go to this slide";
    DoIndexClose        => "关闭目录", "close the list";
    DoCopy              => "复制平台名称和编号", "copy the platform's name and id";
    DoCopyRecord        => "复制平台完整记录", "copy the platform's whole record";
    DoPickChoose        => "打印选中平台的编号并退出", "print the chosen platform's id and exit";
    DoPickCancel        => "不选,立即退出(退出码 1)", "choose nothing and exit at once (status 1)";
    DoPickInterrupt     => "中断,立即退出(退出码 130,同 SIGINT)", "interrupt: exit at once (status 130, as SIGINT)";
    /// The picker runs below the prompt and is never suspended.
    DoPickIgnore        => "无作用(选择器不挂起)", "nothing (the picker does not suspend)";
    /// `{}` is what was copied.
    Copied              => "已复制:{}", "copied: {}";
    /// `{}` is a platform's name.
    CopiedRecord        => "已复制 {} 的完整记录", "copied the whole record of {}";
    /// `{}` is a platform's name.
    TooLongToCopy       => "{} 的记录太长,终端剪贴板放不下,未复制", "not copied: the record of {} is too long for the terminal's clipboard";

    // Footer hints: one short word each.
    HintNext            => "下一张", "next";
    HintBack            => "上一张", "back";
    HintBlank           => "黑屏", "blank";
    HintQuit            => "退出", "quit";
    HintKeep            => "保留", "keep";
    HintClear           => "清除", "clear";
    HintZoom            => "缩放", "zoom";
    HintPan             => "平移", "pan";
    HintFit             => "全区", "fit";
    HintStyle           => "样式", "style";
    HintFilter          => "筛选", "filter";
    HintSearch          => "搜索", "search";
    HintPane            => "窗格", "pane";
    HintSidePane        => "详情/地图", "detail/map";
    HintPlatforms       => "平台", "platforms";
    HintIndustries      => "产业", "industries";
    HintPlan            => "方案", "plan";
    HintLang            => "语言", "lang";
    HintHelp            => "帮助", "help";
    HintClose           => "关闭", "close";
    HintFind            => "查找", "find";
    HintSort            => "排序", "sort";
    HintGo              => "跳转", "go";
    HintIndex           => "目录", "index";
    HintHints           => "提示", "hints";
    // `gongshu serve`: what a remote client is told.
    /// `{}` is the number of sessions.
    ServeFull           => "服务器已满({} 个会话),请稍后再试", "the server is full ({} sessions); please try again later";
    ServeTooManyFromYou => "来自您地址的会话太多,请先关闭一个", "too many sessions from your address; close one first";
    /// `{}` is a number of seconds.
    ServeIdle           => "空闲 {} 秒,会话已关闭", "closed after {} seconds without a key";
    ServeShuttingDown   => "服务器正在关闭,再见", "the server is shutting down; goodbye";
    ServeNeedsTerminal  => "地图集需要终端:请用 ssh -t 连接(逐行朗读的行模式:TERM=dumb ssh -t),或运行 list、show、search、map、where、near", "the atlas needs a terminal: connect with ssh -t (or TERM=dumb ssh -t for the line mode, whole lines for a screen reader), or run list, show, search, map, where or near";
    ServeBriefingEnded  => "演示已结束", "the briefing has ended";
    /// The presenter's footer when sharing: `{}` is how many viewers are connected.
    Viewers             => "{} 位观众", "{} watching";
    /// The presenter's console (`present --console`).
    ConsoleNow          => "当前", "Now";
    ConsoleNext         => "下一张", "Next";
    ConsoleLast         => "最后一张", "Last slide";
    ConsoleNotes        => "讲稿", "Notes";
    ConsoleNoNotes      => "本页无讲稿", "no notes for this slide";
    ConsoleOnSlide      => "本页", "this slide";
    ConsoleBlanked      => "观众屏幕已黑屏", "audience screen blanked";
    // The line mode (`gongshu --plain`): whole sentences, one fact a line.
    /// `{}` is a number of platforms.
    LinePlatforms       => "共 {} 个平台,按编号:", "{} platforms, by number:";
    LinePlatform        => "平台", "Platform";
    /// `{}` is a number of platforms; the query follows.
    LineMatches         => "{} 个平台匹配", "{} platforms match";
    LineOneMatches      => "1 个平台匹配", "1 platform matches";
    /// `{}` is the query.
    LineNoMatch         => "没有平台匹配 {}", "No platform matches {}";
    /// `{}` is what was typed.
    LineNoPlatform      => "没有平台叫 {}", "No platform is called {}";
    LineDidYouMean      => "你是否要找:", "Did you mean:";
    /// `{}` is what was typed; the platforms follow.
    LineWhichOne        => "{} 可指多个平台,请说明是哪一个:", "{} could be more than one platform; say which:";
    LineMatchedIn       => "匹配于", "matched in";
    /// `{}` is a number of platforms not named.
    LineMore            => "另有 {} 个", "and {} more";
    /// `{}` is a number of platforms not said.
    LineNarrow          => "另有 {} 个平台未列出;多加几个词可缩小范围。", "{} more not said; more words narrow the search.";
    /// `{}` is the command typed.
    LineUnknown         => "没有 {} 这个命令。输入 帮助 查看命令。", "There is no command {}. Type help for the commands.";
    /// `{}` is the command; what it needs follows.
    LineNeeds           => "{} 需要", "{} needs";
    LineNeedsPlatform   => "一个平台:编号、id 或名称", "a platform: a number, an id or a name";
    LineNeedsQuery      => "要搜索的词", "words to search for";
    LineCommands        => "命令(中文或英文均可):", "Commands, in English or Chinese:";
    LineDoList          => "列出全部平台", "every platform, by number";
    LineDoShow          => "一个平台的完整记录", "one platform in full";
    LineDoSearch        => "按中文、拼音或英文搜索平台", "platforms ranked for words in Chinese, pinyin or English";
    LineDoPlan          => "行动方案:要求、目标、举措、来源", "the action plan: requirements, targets, measures, source";
    LineDoHelp          => "这份命令列表", "this list of commands";
    LineDoQuit          => "退出(Ctrl-D 亦可)", "leave (Ctrl-D too)";
    LineKeys            => "Tab 补全命令和平台编号;上下键翻历史;Ctrl-C 取消本行。", "Tab completes commands and platform ids; Up and Down recall earlier lines; Ctrl-C cancels the line.";
    /// The first line of the line mode: `{}` is the number of platforms.
    LineWelcome         => "拱墅区产业平台地图集,{} 个平台。输入 帮助 查看命令。", "Gongshu District's industry platforms, {} of them. Type help for the commands.";
    LineMeasure         => "举措", "Measure";
    /// `{}` is a platform.
    LineWhere           => "{} 的位置:", "Where {} lies:";
    /// `{}` is the district's name.
    LineLayout          => "{}的布局:", "The layout of {}:";
    LineNoOther         => "没有其他平台可比距离。", "There is no other platform to measure from.";
    LineDoWhere         => "平台在区内的位置和四邻;不带平台则说全区布局", "where a platform lies and what is around it; alone, the district's layout";
    LineDoNear          => "其他平台按距离由近到远", "the other platforms by distance, nearest first";
    LineBye             => "再见。", "Goodbye.";
    /// `{}` is the command refused.
    ServeRefused        => "这里只能运行 list、show、search、map、where、near(拒绝:{})", "only list, show, search, map, where and near run here (refused: {})";
}

impl Word {
    pub fn zh(self) -> &'static str {
        self.zh_en().0
    }

    pub fn en(self) -> &'static str {
        self.zh_en().1
    }
}

impl Lang {
    /// `w` in this language ("zh en" for both).
    pub fn word(self, w: Word) -> String {
        let (zh, en) = w.zh_en();
        self.label(zh, en)
    }

    /// `w` with its `{}` replaced by `value` in each language. In both languages a value that
    /// ends the Chinese is said once: `已复制 copied: 运河财富小镇`, not the name twice.
    pub fn word_with(self, w: Word, value: &str) -> String {
        let (zh, en) = w.zh_en();
        if self == Lang::Both
            && let Some(head) = zh.strip_suffix("{}")
        {
            let head = head.trim_end_matches([':', ':', ' ']);
            return format!("{head} {}", en.replacen("{}", value, 1));
        }
        self.label(&zh.replacen("{}", value, 1), &en.replacen("{}", value, 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_has_both_languages_and_matching_placeholders() {
        for &w in Word::ALL {
            let (zh, en) = w.zh_en();
            assert!(!zh.is_empty() && !en.is_empty(), "{w:?}");
            assert_eq!(
                zh.matches("{}").count(),
                en.matches("{}").count(),
                "{w:?}: both languages take the same values"
            );
        }
    }

    #[test]
    fn words_fill_their_value() {
        assert_eq!(Lang::En.word_with(Word::KeyQuits, "q"), "q quits");
        assert_eq!(Lang::Zh.word_with(Word::KeyQuits, "q"), "q 退出");
        assert_eq!(Lang::Both.word(Word::PlannedArea), "规划范围 Planned area");
        assert_eq!(
            Lang::Both.word_with(Word::Copied, "运河"),
            "已复制 copied: 运河"
        );
    }
}
