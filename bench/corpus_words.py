"""The words of bench/corpus.py's synthetic reports: places, bodies, facts and their questions, and
the weights its figures are drawn with.

Kept apart from the generator so that corpus.py reads as logic; everything here is data.
"""

PLACES = {
    "广东省": {"广州市": ["天河区", "番禺区", "白云区", "从化区"], "深圳市": ["福田区", "南山区", "龙岗区"],
             "佛山市": ["南海区", "顺德区", "三水区"], "韶关市": ["浈江区", "仁化县", "乳源瑶族自治县"]},
    "浙江省": {"杭州市": ["西湖区", "余杭区", "淳安县"], "宁波市": ["海曙区", "鄞州区", "象山县"],
             "温州市": ["鹿城区", "龙湾区", "永嘉县"]},
    "江苏省": {"南京市": ["玄武区", "江宁区", "溧水区"], "苏州市": ["姑苏区", "吴江区", "相城区"],
             "无锡市": ["梁溪区", "锡山区", "滨湖区"]},
    "四川省": {"成都市": ["锦江区", "武侯区", "双流区", "蒲江县"], "绵阳市": ["涪城区", "游仙区", "三台县"],
             "宜宾市": ["翠屏区", "南溪区", "江安县"]},
    "湖南省": {"长沙市": ["芙蓉区", "岳麓区", "长沙县"], "株洲市": ["荷塘区", "芦淞区", "攸县"],
             "岳阳市": ["岳阳楼区", "君山区", "华容县"]},
    "山东省": {"济南市": ["历下区", "槐荫区", "平阴县"], "青岛市": ["市南区", "黄岛区", "崂山区"],
             "烟台市": ["芝罘区", "福山区", "莱山区"]},
    "河南省": {"郑州市": ["金水区", "二七区", "中牟县"], "洛阳市": ["老城区", "西工区", "栾川县"],
             "开封市": ["龙亭区", "顺河回族区", "杞县"]},
    "湖北省": {"武汉市": ["江岸区", "武昌区", "洪山区"], "宜昌市": ["西陵区", "夷陵区", "秭归县"],
             "襄阳市": ["襄城区", "樊城区", "南漳县"]},
    "福建省": {"福州市": ["鼓楼区", "台江区", "闽侯县"], "厦门市": ["思明区", "湖里区", "集美区"],
             "泉州市": ["鲤城区", "丰泽区", "惠安县"]},
    "安徽省": {"合肥市": ["蜀山区", "包河区", "肥西县"], "芜湖市": ["镜湖区", "鸠江区", "南陵县"],
             "安庆市": ["迎江区", "大观区", "怀宁县"]},
    "江西省": {"南昌市": ["东湖区", "青山湖区", "南昌县"], "赣州市": ["章贡区", "南康区", "信丰县"]},
    "河北省": {"石家庄市": ["长安区", "桥西区", "正定县"], "保定市": ["竞秀区", "莲池区", "涞源县"]},
    "陕西省": {"西安市": ["雁塔区", "碑林区", "周至县"], "宝鸡市": ["渭滨区", "金台区", "凤翔区"]},
    "云南省": {"昆明市": ["五华区", "盘龙区", "宜良县"], "曲靖市": ["麒麟区", "沾益区", "陆良县"]},
}
#: The body for government services and data (政数局) goes by a different name in each province.
DATA_BODY = {"广东省": ("政务服务和数据管理局", "政务服务数据管理局"), "浙江省": ("大数据发展管理局", "数据资源管理局"),
             "山东省": ("大数据局", "大数据局"), "江苏省": ("政务服务管理办公室", "行政审批局")}
PROVINCE_DEPTS = ("人民政府办公厅", "发展和改革委员会", "教育厅", "科学技术厅", "工业和信息化厅", "民政厅", "司法厅",
                  "财政厅", "人力资源和社会保障厅", "自然资源厅", "生态环境厅", "住房和城乡建设厅", "交通运输厅",
                  "水利厅", "农业农村厅", "商务厅", "文化和旅游厅", "卫生健康委员会", "应急管理厅", "市场监督管理局",
                  "统计局", "医疗保障局")
CITY_DEPTS = ("人民政府办公室", "发展和改革委员会", "教育局", "工业和信息化局", "民政局", "司法局", "财政局",
              "人力资源和社会保障局", "自然资源和规划局", "生态环境局", "住房和城乡建设局", "交通运输局", "水务局",
              "农业农村局", "商务局", "文化广电旅游局", "卫生健康委员会", "应急管理局", "市场监督管理局",
              "城市管理和综合执法局", "统计局", "医疗保障局", "退役军人事务局")
LOCAL_DEPTS = ("人民政府", "人民政府办公室", "发展和改革局", "教育局", "民政局", "司法局", "财政局",
               "人力资源和社会保障局", "住房和城乡建设局", "农业农村局", "卫生健康局", "市场监督管理局", "应急管理局")


#: How a year's handled applications fall over the result rows (before each report's own jitter).
RESULT_WEIGHTS = {
    "granted": 45, "partial": 6, "denied.state_secret": 0.3, "denied.prohibited_by_law": 1,
    "denied.security_stability": 0.5, "denied.third_party": 2, "denied.internal_affairs": 2,
    "denied.process_info": 2, "denied.enforcement_files": 1, "denied.inquiry_matters": 1,
    "unavailable.not_held": 20, "unavailable.needs_creation": 4, "unavailable.unclear": 3,
    "not_processed.petition": 3, "not_processed.repeated": 3, "not_processed.publications": 1,
    "not_processed.excessive": 1, "not_processed.reissue": 1, "other.no_correction": 3,
    "other.fee_unpaid": 0.2, "other.other": 2, "other": 5,
}
#: Shares of applicants by column; natural persons dominate in every real report.
APPLICANT_WEIGHTS = (85, 8, 0.5, 1, 3, 2.5)
NEW_MEDIAN = {"province": 120, "city": 40, "district": 15, "county": 10}


# A fact is (subsection, ranges of its figures, sentence templates, question templates). In a
# sentence, [brackets] mark the answer substring; {who} is the body, {year} the year, {place} the
# place, {me} 我局/我委 …, {wx} the 公众号's name. Figure n is the answer; m and k default to parts
# of n (「其中图解{m}篇」), p to a percentage.
FACTS = {
    "web_posts": (1, {"n": (80, 6000)},
                  ["全年通过{site}[主动公开政府信息{n}条]，其中政策文件{m}条。",
                   "依托{site}，[全年公开各类政府信息{n}条]，及时更新机构职能、政策文件、财政预决算等法定公开内容。"],
                  ["{who}{year}年通过网站公开了多少条政府信息？", "{year}年{who}在门户网站上公开的政府信息有多少条？"]),
    "news": (1, {"n": (50, 2500)},
             ["围绕中心工作[发布工作动态{n}条]，其中图片新闻{m}条。", "[全年发布政务动态{n}篇]，重点宣传{place}各项工作进展。"],
             ["{who}{year}年发布了多少条政务动态？", "{who}{year}年工作动态发了多少篇？"]),
    "wechat": (1, {"n": (800, 90000), "m": (50, 900), "k": (1, 300)},
               ["政务微信公众号“{wx}”全年推送信息{m}条，[关注用户达{n}人]。",
                "“{wx}”微信公众号[粉丝数达{n}人]，全年推文{m}篇，累计阅读量{k}万次。"],
               ["{who}的微信公众号“{wx}”有多少粉丝？", "{year}年“{wx}”公众号关注人数是多少？"]),
    "weibo": (1, {"n": (50, 3000), "m": (10, 5000)}, ["政务微博“{wx}”[全年发布微博{n}条]，转发评论{m}次。"],
              ["{who}{year}年政务微博发布了多少条？"]),
    "interpret": (1, {"n": (3, 120)},
                  ["坚持政策文件与解读材料同步起草、同步审签、同步发布，[全年发布政策解读{n}篇]，其中图解{m}篇、视频解读{k}期。",
                   "[围绕重要政策发布解读材料{n}篇]，采用图表图解、音视频等形式解读{m}篇。"],
                  ["{who}{year}年发布了多少篇政策解读？", "{who}{year}年政策解读材料有几篇？"]),
    "press": (1, {"n": (1, 30), "k": (1, 60)},
              ["[召开新闻发布会{n}场]，主要负责同志出席发布会{m}次，回应社会关切{k}次。",
               "全年[举办新闻发布会{n}场]、媒体通气会{k}场。"],
              ["{who}{year}年召开了几场新闻发布会？", "{year}年{who}举办新闻发布会多少场？"]),
    "secrecy": (3, {"n": (200, 9000)},
                ["坚持“先审查、后公开”，[全年审查拟公开信息{n}条]，未发生泄密事件。",
                 "严格落实公开前保密审查机制，[对{n}条拟公开信息进行了保密审查]。"],
                ["{who}{year}年公开前保密审查了多少条信息？"]),
    "cleanup": (3, {"n": (1, 40), "m": (0, 20)},
                ["对现行有效的规范性文件开展全面清理，[废止{n}件、宣布失效{m}件]，清理结果向社会公布。"],
                ["{who}{year}年清理规范性文件废止了几件？"]),
    "guide": (3, {"n": (3, 150)}, ["及时修订政府信息公开指南和公开目录，[调整公开目录事项{n}项]。"],
              ["{who}{year}年调整了多少项政府信息公开目录事项？"]),
    "visits": (4, {"n": (3, 900), "p": (1, 40)},
               ["门户网站运行平稳，[全年访问量{n}万人次]，较上年增长{p}%。", "网站改版后页面更加简洁，[全年总访问量达{n}万人次]。"],
               ["{who}网站{year}年访问量有多少？", "{year}年{who}门户网站的访问量是多少？"]),
    "hotline": (4, {"n": (800, 90000), "p": (90, 99)},
                ["12345政务服务便民热线[{place}分中心受理群众诉求{n}件]，按时办结率{p}%。",
                 "依托12345热线平台，[全年受理咨询、投诉和建议{n}件]，群众满意率{p}%。"],
                ["{place}12345热线{year}年受理了多少件群众诉求？", "{who}{year}年通过12345热线受理了多少件诉求？"]),
    "messages": (4, {"n": (20, 3000), "k": (1, 10)},
                 ["认真办理网民留言，[全年办结网民留言{n}条]，平均办理时长{k}个工作日。"],
                 ["{who}{year}年办结了多少条网民留言？"]),
    "terminals": (4, {"n": (1, 30), "m": (1, 25)}, ["在政务服务中心设立政府信息公开查阅点{m}个，[配置自助查询终端{n}台]。"],
                  ["{who}{year}年配置了多少台政府信息查询终端？"]),
    "boards": (4, {"n": (4, 60), "m": (10, 300)}, ["规范设置政务公开栏，[全年更新公开栏{n}次]，张贴公告公示{m}期。"],
               ["{who}的政务公开栏{year}年更新了多少次？"]),
    "training": (5, {"n": (1, 12), "m": (20, 800)},
                 ["[举办政务公开专题培训{n}期]，培训工作人员{m}人次。", "将政务公开纳入干部教育培训内容，[全年组织业务培训{n}次]、参训{m}人次。"],
                 ["{who}{year}年开展了几期政务公开培训？", "{year}年{who}组织了多少次政务公开业务培训？"]),
    "inspections": (5, {"n": (1, 80), "m": (2, 12)}, ["开展政府网站和政务新媒体检查{m}次，[发现并督促整改问题{n}个]。"],
                    ["{who}{year}年网站和新媒体检查发现了多少个问题？"]),
    "staff": (5, {"n": (1, 8)}, ["设立政务公开工作机构，[配备专兼职工作人员{n}名]。"], ["{who}有几名政务公开工作人员？"]),
    "proposals": (5, {"n": (2, 120), "m": (1, 90)}, ["主动公开建议提案办理结果，[办理人大代表建议{n}件]、政协委员提案{m}件。"],
                  ["{who}{year}年办理了多少件人大代表建议？"]),
}
#: Each fact's question in English ({who} is the body's English name), asked for a share of facts.
FACTS_EN = {
    "web_posts": "How many items of government information did {who} publish on its website in {year}?",
    "news": "How many news updates did {who} post in {year}?",
    "wechat": "How many followers does the WeChat official account “{wx}” of {who} have?",
    "weibo": "How many posts did {who} publish on its Weibo account in {year}?",
    "interpret": "How many policy interpretations did {who} publish in {year}?",
    "press": "How many press conferences did {who} hold in {year}?",
    "secrecy": "How many items did {who} check for secrets before publishing them in {year}?",
    "cleanup": "How many normative documents did {who} repeal when it reviewed them in {year}?",
    "guide": "How many items of its disclosure catalogue did {who} adjust in {year}?",
    "visits": "How many visits did the website of {who} receive in {year}?",
    "hotline": "How many requests did the 12345 hotline take for {who} in {year}?",
    "messages": "How many online messages from citizens did {who} answer in {year}?",
    "terminals": "How many self-service terminals did {who} set up in {year}?",
    "boards": "How many times did {who} update its public notice boards in {year}?",
    "training": "How many training sessions on government transparency did {who} hold in {year}?",
    "inspections": "How many problems did the website and new media inspections of {who} find in {year}?",
    "staff": "How many staff does {who} have for its disclosure work?",
    "proposals": "How many suggestions from people's congress deputies did {who} handle in {year}?",
    "problems": "What problems did {who} report in its {year} disclosure work?",
    "fee": "How much did {who} charge in information processing fees in {year}?",
}
#: Share of questions asked in English.
ENGLISH_SHARE = 0.25
DEPT_EN = {
    "人民政府办公厅": "Government General Office", "人民政府办公室": "Government Office", "人民政府": "People's Government",
    "发展和改革委员会": "Development and Reform Commission", "发展和改革局": "Development and Reform Bureau",
    "教育": "Education", "科学技术": "Science and Technology", "工业和信息化": "Industry and Information Technology",
    "民政": "Civil Affairs", "司法": "Justice", "财政": "Finance", "人力资源和社会保障": "Human Resources and Social Security",
    "自然资源": "Natural Resources", "自然资源和规划": "Natural Resources and Planning", "生态环境": "Ecology and Environment",
    "住房和城乡建设": "Housing and Urban-Rural Development", "交通运输": "Transport", "水利": "Water Resources",
    "水务": "Water Affairs", "农业农村": "Agriculture and Rural Affairs", "商务": "Commerce", "文化和旅游": "Culture and Tourism",
    "文化广电旅游": "Culture, Radio, Television and Tourism", "卫生健康委员会": "Health Commission", "卫生健康": "Health",
    "应急管理": "Emergency Management", "市场监督管理局": "Administration for Market Regulation", "统计": "Statistics",
    "医疗保障局": "Healthcare Security Administration", "退役军人事务": "Veterans Affairs",
    "城市管理和综合执法": "Urban Management and Law Enforcement", "政务服务和数据管理局": "Government Services and Data Administration",
    "政务服务数据管理局": "Government Services and Data Administration", "大数据发展管理局": "Big Data Development Administration",
    "数据资源管理局": "Data Resources Administration", "大数据局": "Big Data Bureau", "数据局": "Data Bureau",
    "政务服务管理办公室": "Government Services Office", "行政审批局": "Administrative Approval Bureau",
    "行政审批服务局": "Administrative Approval Services Bureau",
}
PLACE_EN = {"省": " Province", "市": "", "区": " District", "县": " County"}


#: Short names of departments, for 公众号 names (「番禺人社」).
DEPT_SHORT = (("人民政府办公", "发布"), ("人民政府", "发布"), ("发展和改革", "发改"), ("人力资源和社会保障", "人社"),
              ("住房和城乡建设", "住建"), ("市场监督管理", "市场监管"), ("卫生健康", "卫健"), ("文化广电旅游", "文旅"),
              ("文化和旅游", "文旅"), ("城市管理和综合执法", "城管"), ("工业和信息化", "工信"), ("自然资源", "自然资源"),
              ("退役军人事务", "退役军人"), ("政务服务", "政数"), ("大数据", "数据"), ("科学技术", "科技"),
              ("交通运输", "交通"), ("农业农村", "农业农村"), ("生态环境", "生态环境"), ("医疗保障", "医保"),
              ("应急管理", "应急"))


SUBSECTIONS = {1: ("主动公开", "主动公开情况", "推进政府信息主动公开"), 2: ("依申请公开", "依申请公开情况", "规范办理依申请公开"),
               3: ("政府信息管理", "加强政府信息管理"), 4: ("平台建设", "政府信息公开平台建设", "优化公开平台建设"),
               5: ("监督保障", "强化监督保障")}
OPENINGS = (
    "{year}年，{who}以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "坚持以公开为常态、不公开为例外，不断提升政务公开工作质量。",
    "{year}年，在{upper}的坚强领导下，{me}紧紧围绕中心工作，深入推进决策、执行、管理、服务、结果公开，"
    "政府信息公开工作取得新成效。",
    "{year}年，{me}认真落实上级关于政务公开工作的部署要求，健全制度机制，拓展公开渠道，切实保障人民群众的知情权、参与权和监督权。",
)
FILLERS = ("持续完善信息发布协调机制，确保公开信息权威、准确、及时。", "严格执行信息发布审核制度，做到应公开尽公开。",
           "进一步规范受理、审查、答复、送达等办理环节，统一答复文书格式。", "加强与法律顾问的会商研判，提升答复的规范性。",
           "持续优化栏目设置，方便群众查找和获取政府信息。", "将政务公开工作纳入年度绩效考核，压实工作责任。")
PROBLEMS = ("政策解读形式较为单一", "部分栏目信息更新不够及时", "依申请公开答复的规范性有待提高", "基层政务公开标准化建设推进不平衡",
            "工作人员业务能力有待提升", "政务新媒体互动回应不够及时", "公开内容与群众需求的契合度不够高")
MEASURES = ("加强政策解读，推行图文、音视频等多元解读形式", "建立栏目内容定期巡查机制，确保信息及时更新",
            "规范依申请公开办理流程，加强答复文书合法性审查", "加强业务培训，提升工作人员依法公开能力",
            "推进基层政务公开标准化规范化建设", "强化政务新媒体管理，及时回应社会关切")
